// owned by the app pages; keys are dotted names
export const appVi = {} satisfies Record<string, string>;
