#!/usr/bin/env node
// Benchmark (issue 5): the web app's download size and how fast the schedule page of a
// 200-person organisation renders in Chromium. Run by hand (`make bench-web`), never in tests.
//
// 1. Size: every JS and CSS file of web/dist/assets, gzipped at level 9 (what a browser
//    downloads), in total and for a first visit to /schedule (the entry chunk, its CSS and
//    the schedule page's chunks).
// 2. Render: starts shiftsync on a free loopback port with a temporary data dir, seeds one
//    organisation with 200 employees, each with a weekly pattern (5 shifts in the measured
//    week), signs in, and loads /schedule?week=... RUNS times in headless Chromium (Debian's,
//    through playwright-core), timing navigation start -> 200 rows in the grid. The reference,
//    measured in the same run and browser: a static HTML page with the same 200 x 7 table
//    already in it (what a server-rendered page would cost to parse and lay out).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BINARY = process.env.SHIFTSYNC_BINARY ?? join(ROOT, "build", "shiftsync");
const DIST = join(ROOT, "web", "dist");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 200);
const WEEK = "2027-01-04"; // a Monday
const PASSWORD = "bench-password-not-common-42";
const require = createRequire(join(ROOT, "web", "package.json"));
const { chromium } = require("playwright-core");

function gz(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

function sizes() {
  const assets = join(DIST, "assets");
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
  const total = files.reduce((sum, f) => sum + gz(join(assets, f)), 0);
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const schedule = files.filter((f) => f.startsWith("SchedulePage"));
  const firstVisit = [...new Set([...entry, ...schedule])].reduce((sum, f) => sum + gz(join(assets, f)), 0);
  return { total, firstVisit, files: files.length };
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function api(base, method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + "/api/v1" + path, { method, headers, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

async function seed(base) {
  const owner = await api(base, "POST", "/auth/register", {
    name: "Bench Owner", email: "owner@bench.example", password: PASSWORD,
    organization: { name: "Bench Bistro", time_zone: "Europe/Berlin" },
  });
  const token = owner.token;
  const register = async (i) => {
    const email = `employee${i}@bench.example`;
    const inv = await api(base, "POST", "/invitations", { email, role: "employee", position: "Barista" }, token);
    const reg = await api(base, "POST", "/auth/register", {
      name: `Employee ${String(i).padStart(3, "0")}`, email, password: PASSWORD, invitation: inv.token,
    });
    const times = { start: "09:00", end: "17:00" };
    await api(base, "POST", "/patterns", {
      user_id: reg.user.id, start_date: WEEK, end_date: "2027-01-10",
      days: { monday: times, tuesday: times, wednesday: times, thursday: times, friday: times },
    }, token);
  };
  for (let i = 0; i < EMPLOYEES; i += 4) await Promise.all([0, 1, 2, 3].filter((k) => i + k < EMPLOYEES).map((k) => register(i + k)));
  return api(base, "GET", `/schedule?week=${WEEK}`, undefined, token);
}

// The same table as static HTML: names and shift times per day, 200 rows.
function referenceHtml(schedule) {
  const cell = (shifts) => shifts.map((s) => `${s.start.slice(11, 16)}–${s.end.slice(11, 16)}`).join("<br>");
  const rows = schedule.employees.map((e) =>
    `<tr><th scope="row">${e.name}<br><small>${e.position} · ${e.hours} h</small></th>${e.days.map((d) => `<td>${cell(d)}</td>`).join("")}</tr>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>reference</title></head><body><main><table>
<thead><tr><th>Person</th>${schedule.days.map((d) => `<th>${d.date}</th>`).join("")}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></main></body></html>`;
}

// A function, not a string: the app's Content-Security-Policy forbids eval.
function rowsPresent(n) {
  const rows = document.querySelectorAll("main table tbody tr");
  return rows.length >= n ? performance.now() : false;
}

async function timeLoads(page, url, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    await page.goto("about:blank");
    await page.goto(url, { waitUntil: "commit" });
    const handle = await page.waitForFunction(rowsPresent, EMPLOYEES, { timeout: 60000, polling: "raf" });
    times.push(await handle.jsonValue());
  }
  return times;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const size = sizes();
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), "shiftsync-bench-web-"));
  const server = spawn(BINARY, ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", join(work, "data"),
    "--static-dir", DIST, "--log-level", "warn"], { stdio: ["ignore", "inherit", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  let browser;
  try {
    await waitFor(async () => (await fetch(base + "/healthz")).ok, "the server");
    const schedule = await seed(base);
    // The owner is on the schedule too.
    if (schedule.employees.length !== EMPLOYEES + 1) throw new Error(`seeded ${schedule.employees.length} people`);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.request.post(base + "/api/v1/auth/login", {
      data: { email: "owner@bench.example", password: PASSWORD },
    });
    if (!login.ok()) throw new Error(`login: ${login.status()}`);
    const page = await context.newPage();
    const app = await timeLoads(page, `${base}/schedule?week=${WEEK}`, RUNS);
    const html = referenceHtml(schedule);
    await page.route(`${base}/reference.html`, (route) => route.fulfill({ contentType: "text/html", body: html }));
    const reference = await timeLoads(page, `${base}/reference.html`, RUNS);

    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`| what | value |`);
    console.log(`| --- | ---: |`);
    console.log(`| JS + CSS, gzipped, all ${size.files} files | ${kb(size.total)} |`);
    console.log(`| JS + CSS, gzipped, first visit to /schedule | ${kb(size.firstVisit)} |`);
    console.log(`| /schedule with ${EMPLOYEES} people, navigation to ${EMPLOYEES} rows, median of ${RUNS} (first: ${app[0].toFixed(0)} ms) | ${median(app).toFixed(0)} ms |`);
    console.log(`| reference: the same table as static HTML, median of ${RUNS} | ${median(reference).toFixed(0)} ms |`);
  } finally {
    if (browser) await browser.close();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
