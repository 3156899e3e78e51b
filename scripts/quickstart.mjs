#!/usr/bin/env node
// The two Quick start commands, on a machine with only Node ≥ 20 and npm:
//   npm start  — install, build, start the app on the embedded database with demo data
//   npm test   — install, build, run every test suite; say loudly what was skipped
// Plain JavaScript on purpose: it runs before any dependency is installed.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = JSON.parse(
  fs.readFileSync(path.join(root, "package.json"), "utf8"),
).packageManager.split("@")[1];
const strict = process.env.CI === "true" || process.env.REQUIRE_ALL_TESTS === "1";

function say(line) {
  console.log(`\x1b[1m[chitieu]\x1b[0m ${line}`);
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().split(".")[0] === PNPM_VERSION.split(".")[0]) return ["pnpm"];
  return ["npx", "--yes", `pnpm@${PNPM_VERSION}`];
}
const PNPM = pnpmCommand();

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpm(args, options) {
  return run(PNPM[0], [...PNPM.slice(1), ...args], options);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "build" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtime(full));
  }
  return newest;
}

function ensureInstalled() {
  const marker = path.join(root, "node_modules", ".modules.yaml");
  if (mtime(marker) >= mtime(path.join(root, "pnpm-lock.yaml")) && mtime(marker) > 0) return;
  say("Cài đặt thư viện / installing dependencies (pnpm install --frozen-lockfile)…");
  if (pnpm(["install", "--frozen-lockfile"]) !== 0) process.exit(1);
}

function ensureBuilt() {
  const built = mtime(path.join(root, "apps/web/build/index.js"));
  const sources = Math.max(
    newestIn(path.join(root, "apps")),
    newestIn(path.join(root, "packages")),
    newestIn(path.join(root, "migrations")),
  );
  if (built > sources) return;
  say("Biên dịch ứng dụng web / building the web app…");
  if (pnpm(["--filter", "@chitieu/web", "build"]) !== 0) process.exit(1);
}

function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function start() {
  ensureInstalled();
  ensureBuilt();
  const env = { ...process.env };
  env.PORT ??= "3000";
  if (env.NODE_ENV !== "production") env.DEMO ??= "1";
  // adapter-node takes the origin as https unless told: forms posted over plain http on this
  // machine would fail its CSRF check. Behind a proxy, set ORIGIN to the public address.
  env.ORIGIN ??= `http://localhost:${env.PORT}`;
  // uploads of spreadsheets: the import API refuses above its own limit (50 MB) with a clear message
  env.BODY_SIZE_LIMIT ??= "60M";
  say(`Khởi động tại http://localhost:${env.PORT} / starting on http://localhost:${env.PORT}`);
  const child = spawn(process.execPath, ["apps/web/server.js"], { cwd: root, env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

// Vitest's JSON report gives exact counts; the plain line at the end is for people and CI.
function readCounts(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    return {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

async function test() {
  ensureInstalled();
  ensureBuilt();
  const out = path.join(root, "test-output");
  fs.mkdirSync(out, { recursive: true });
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const skipped = [];
  let failedSuites = 0;

  const suite = (name, project, env = {}) => {
    say(`── ${name}`);
    const report = path.join(out, `${name.replace(/[^a-z0-9]+/gi, "-")}.json`);
    fs.rmSync(report, { force: true });
    const status = pnpm(
      [
        "exec",
        "vitest",
        "run",
        "--project",
        project,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      { env: { ...process.env, ...env } },
    );
    const counts = readCounts(report);
    if (status !== 0 && counts.failed === 0) counts.failed = 1;
    if (status !== 0) failedSuites++;
    for (const k of Object.keys(totals)) totals[k] += counts[k];
  };

  suite("unit", "unit");
  suite("integration-pglite", "integration", { DATABASE_URL: "" });

  const pgUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const pgUrlParsed = new URL(pgUrl);
  if (await canConnect(pgUrlParsed.hostname, Number(pgUrlParsed.port || 5432))) {
    suite("integration-postgres", "integration", { DATABASE_URL: pgUrl });
  } else {
    skipped.push(`integration tests on PostgreSQL (no server at ${pgUrlParsed.host}; set TEST_DATABASE_URL)`);
  }

  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (
    fs.existsSync(path.join(root, "test/e2e")) &&
    fs.readdirSync(path.join(root, "test/e2e")).some((f) => f.endsWith(".test.ts"))
  ) {
    if (fs.existsSync(chromium)) suite("e2e-chromium", "e2e", { CHROMIUM_PATH: chromium });
    else skipped.push(`browser tests (no Chromium at ${chromium}; apt-get install chromium)`);
  }

  for (const s of skipped) {
    console.log(`\n\x1b[41m\x1b[97m SKIPPED \x1b[0m ${s}`);
  }
  if (skipped.length > 0 && strict) {
    console.log("CI: a skipped suite is a failure here.");
    failedSuites++;
  }
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(failedSuites > 0 || totals.failed > 0 ? 1 : 0);
}

const command = process.argv[2];
if (command === "start") await start();
else if (command === "test") await test();
else {
  console.error("usage: node scripts/quickstart.mjs start|test");
  process.exit(2);
}
