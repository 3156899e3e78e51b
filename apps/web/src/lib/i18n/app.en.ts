// owned by the app pages; keys are dotted names
export const appEn = {} satisfies Record<string, string>;
