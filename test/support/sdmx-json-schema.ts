import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";

// The SDMX-JSON 2.0.0 structure message schema (sdmx-twg/sdmx-json, tag v2.0.0; copy and origin in
// test/fixtures/sdmx-json). Its patterns use escapes such as \- that JavaScript's unicode regular
// expressions refuse, so they are compiled without the u flag; formats (uri, date-time) are not
// checked, everything else is.
const schema = JSON.parse(
  fs.readFileSync(
    path.join(import.meta.dirname, "../fixtures/sdmx-json/sdmx-json-structure-schema-2.0.0.json"),
    "utf8",
  ),
) as Record<string, unknown>;
delete schema.$schema; // "http://json-schema.org/schema#": the draft-07 rules ajv applies by default

const withoutUnicode = Object.assign(
  (pattern: string, flags: string) => new RegExp(pattern, flags.replace("u", "")),
  { code: "new RegExp" }, // ajv's standalone code would name it so; this schema is only compiled in process
);
const ajv = new Ajv({
  strict: false,
  validateFormats: false,
  allErrors: true,
  code: { regExp: withoutUnicode },
});
const validate = ajv.compile(schema);

/** "path: message" for every way the message breaks the schema; [] when it is valid. */
export function sdmxJsonStructureErrors(message: unknown): string[] {
  if (validate(message)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
}
