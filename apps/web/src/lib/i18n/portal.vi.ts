// owned by the portal pages; keys are dotted names
export const portalVi = {} satisfies Record<string, string>;
