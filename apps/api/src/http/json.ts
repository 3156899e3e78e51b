// The shape a value has once it went through JSON: dates become ISO strings. The web app
// reads the API's answers through these types, so a column added here reaches it typed.
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
