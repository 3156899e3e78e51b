// The API speaks camelCase; the database snake_case. Rows read with column names are renamed
// here, once, key by key (not their values: a figure, a code or a stored snapshot is kept as is).

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** a row with its keys in camelCase (one level: nested rows are named in their own query) */
export type Camel<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

export const camelName = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function camelRow<T extends object>(row: T): Camel<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camelName(k)] = v;
  return out as Camel<T>;
}

export const camelRows = <T extends object>(rows: T[]): Camel<T>[] => rows.map(camelRow);
