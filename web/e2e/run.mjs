// The browser tests: starts the test SMTP server and the real `shiftsync serve` (SHIFTSYNC_BINARY,
// default ../build/shiftsync) on free loopback ports with a temporary data directory and (a copy of)
// web/dist as its static directory, runs e2e/*.spec.mjs (or the files given) with node:test, one file at a time,
// and stops everything at the end, also when a test fails or the run is interrupted.
// Output (screenshots/, logs/, mail/) goes to SHIFTSYNC_E2E_OUTPUT, default web/e2e-output/.
// Usage: npm run e2e [-- e2e/smoke.spec.mjs]     (after npm run build and a build of the binary)
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

import { DIST_DIR, OUTPUT_DIR, WEB_DIR, checkBuilt, startServer, startSmtp } from "./support.mjs";

const started = Date.now();
const files = process.argv.length > 2
  ? process.argv.slice(2).map((file) => resolve(file))
  : readdirSync(join(WEB_DIR, "e2e")).filter((name) => name.endsWith(".spec.mjs")).sort()
    .map((name) => join(WEB_DIR, "e2e", name));
if (files.length === 0) {
  console.error("web e2e: no e2e/*.spec.mjs files");
  process.exit(1);
}

// A fresh output folder per run, so screenshots never mix runs.
rmSync(OUTPUT_DIR, { recursive: true, force: true });
mkdirSync(OUTPUT_DIR, { recursive: true });
const runDir = mkdtempSync(join(tmpdir(), "shiftsync-web-e2e-"));
const dataDir = join(runDir, "data");
// The server serves a copy of web/dist taken now, so a rebuild during the run (npm run dev's
// neighbour, another build directory) cannot pull files from under the tests. Timestamps are kept:
// the server ignores a .br or .gz older than its file.
const staticDir = join(runDir, "dist");

let smtp = null;
let server = null;
let tests = null;
let stopping = null;

async function stopAll() {
  stopping ??= (async () => {
    const problems = [];
    if (tests && tests.exitCode === null && tests.signalCode === null) {
      tests.kill("SIGTERM");
      await once(tests, "exit");
    }
    if (server) {
      const code = await server.stop();
      if (code !== 0) problems.push(`shiftsync exited with ${code} after SIGTERM; log ${server.logPath}:\n${server.logTail()}`);
    }
    if (smtp) await smtp.stop();
    return problems;
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    console.error(`web e2e: ${signal}, stopping`);
    await stopAll();
    process.exit(130);
  });
}

let failed = true;
try {
  checkBuilt(DIST_DIR);
  cpSync(DIST_DIR, staticDir, { recursive: true, preserveTimestamps: true });
  checkBuilt(staticDir);
  smtp = await startSmtp({ dir: join(OUTPUT_DIR, "mail") });
  server = await startServer({ dataDir, staticDir, smtpUrl: smtp.url,
    logPath: join(OUTPUT_DIR, "logs", "shiftsync.log") });
  console.log(`web e2e: shiftsync at ${server.base}, SMTP at ${smtp.url}, ${files.length} spec file(s)`);

  tests = spawn(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=1", "--test-timeout=180000",
    ...files], {
    cwd: WEB_DIR,
    stdio: "inherit",
    env: {
      ...process.env,
      SHIFTSYNC_E2E_BASE: server.base,
      SHIFTSYNC_E2E_DATA_DIR: dataDir,
      SHIFTSYNC_E2E_STATIC_DIR: staticDir,
      SHIFTSYNC_E2E_MAIL_DIR: smtp.dir,
      SHIFTSYNC_E2E_SMTP_PORT: String(smtp.port),
      SHIFTSYNC_E2E_OUTPUT: OUTPUT_DIR,
    },
  });
  const [code, signal] = await once(tests, "exit");
  failed = code !== 0;
  if (failed) {
    console.error(`web e2e: tests failed (${signal ?? `exit ${code}`}); shiftsync log ${server.logPath}, last lines:`);
    console.error(server.logTail(3000));
  }
} catch (error) {
  console.error(`web e2e: ${error.stack ?? error}`);
} finally {
  const problems = await stopAll();
  for (const problem of problems) console.error(`web e2e: ${problem}`);
  if (problems.length) failed = true;
  if (!failed) rmSync(runDir, { recursive: true, force: true });
  else console.error(`web e2e: kept the data directory and the served files in ${runDir}`);
  console.log(`web e2e: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
    `screenshots in ${relative(process.cwd(), join(OUTPUT_DIR, "screenshots")) || "."}`);
  process.exitCode = failed ? 1 : 0;
}
