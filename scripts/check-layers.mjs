#!/usr/bin/env node
// The API's layering, checked by `pnpm lint` (and so by CI): services know nothing of HTTP (no
// import of `http/`), and route files hold no SQL (no kysely `sql`, no query builder calls).
// Usage: node scripts/check-layers.mjs [api src dir]; exits 1 and names each line that breaks a rule.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "../apps/api/src"));

const RULES = [
  {
    dir: "services",
    why: "a service imports the HTTP layer / service không được phụ thuộc HTTP",
    test: (line) => /\bfrom\s+["'][^"']*\/http\//.test(line) || /import\(["'][^"']*\/http\//.test(line),
  },
  {
    dir: "routes",
    why: "SQL in a route file / route không được chứa SQL (move it to a service or storage query)",
    test: (line) =>
      /\bsql`/.test(line) ||
      /\bimport\s+\{[^}]*\bsql\b[^}]*\}\s+from\s+["']kysely["']/.test(line) ||
      /\.(selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with)\(/.test(
        line,
      ) ||
      /\.execute(TakeFirst|TakeFirstOrThrow)?\(/.test(line),
  },
];

function* files(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) yield p;
  }
}

const found = [];
for (const rule of RULES)
  for (const file of files(path.join(root, rule.dir))) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (rule.test(line))
        found.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${rule.why}\n    ${line.trim()}`);
    });
  }

if (found.length > 0) {
  console.error(`check-layers: ${found.length} problem(s)\n${found.join("\n")}`);
  process.exit(1);
}
console.log(`check-layers: ${path.relative(process.cwd(), root) || "."} ok`);
