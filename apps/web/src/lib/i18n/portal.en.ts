// owned by the portal pages; keys are dotted names
export const portalEn = {} satisfies Record<string, string>;
