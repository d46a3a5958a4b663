// Helpers for the browser tests: the real shiftsync binary, a real SMTP server, headless Chromium
// (playwright-core on Debian's /usr/bin/chromium), accessibility checks and screenshots.
//
// e2e/run.mjs starts one server and one SMTP server for the whole run and hands them to the spec
// files through the environment; useServer() and useSmtp() return them. A spec file run alone
// (`node --test e2e/smoke.spec.mjs`, after `npm run build`) starts its own instead, stopped by an
// after() hook. Tests share the server, so each one makes its own organisation (apiRegisterOwner).
//
// Nothing here waits a fixed time: every wait polls a condition against a deadline.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync,
  statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { randomBytes } from "node:crypto";

import { readMails } from "./mail.mjs";
import { CHROMIUM, DIST_DIR, OUTPUT_DIR, REPO_DIR, WEB_DIR } from "./paths.mjs";

export * from "./paths.mjs";

const SMTP_SERVER = join(REPO_DIR, "src", "infra", "mail", "testdata", "smtp_server.py");
const AXE_SOURCE = join(WEB_DIR, "node_modules", "axe-core", "axe.min.js");

// Viewports: a small phone (touch) and a laptop.
export const PHONE = Object.freeze({
  viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
});
export const DESKTOP = Object.freeze({ viewport: { width: 1280, height: 800 } });

// --------------------------------------------------------------------------------------------- waiting

// Polls `predicate` (sync or async) until it returns something truthy, which is returned; throws after
// `timeout` ms. A predicate that throws fails at once (use that for "the process died").
export async function waitUntil(predicate, { timeout = 20_000, interval = 50, what = "a condition" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, interval));
  }
}

// A loopback port that was free a moment ago (the caller retries if someone takes it meanwhile).
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

function accepting(port) {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); done(true); });
    socket.once("error", () => done(false));
  });
}

// Sends SIGTERM and waits for the exit (SIGKILL after `timeout` ms); returns the exit code, or the
// signal's name if it had to be killed or died of one.
async function stopProcess(child, timeout = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
  const [code, signal] = await exited;
  clearTimeout(timer);
  return code ?? signal;
}

function tail(file, chars = 4000) {
  try {
    const text = readFileSync(file, "utf8");
    return text.slice(-chars);
  } catch {
    return "";
  }
}

// --------------------------------------------------------------------------------------------- processes

// Fails unless `dir` holds a complete `npm run build`: index.html, and .br and .gz beside every
// compressible file that web/scripts/compress.mjs compresses (a bare `vite build` leaves them out).
export function checkBuilt(dir = DIST_DIR) {
  if (!existsSync(join(dir, "index.html"))) throw new Error(`${dir} has no index.html: build the web app (npm run build)`);
  const missing = [];
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/.test(entry.name) && statSync(path).size >= 256
        && !(existsSync(`${path}.br`) && existsSync(`${path}.gz`))) missing.push(path);
    }
  };
  visit(dir);
  if (missing.length) {
    throw new Error(`${dir} lacks the precompressed .br/.gz of ${missing.slice(0, 3).join(", ")}: ` +
      "build with npm run build (vite build alone does not compress)");
  }
}

// The SMTP server of the C++ mail tests (aiosmtpd): accepts every recipient but reject*@ (550) and
// tempfail*@ (451), and saves each message as DIR/<n>.eml.
export async function startSmtp({ dir = join(OUTPUT_DIR, "mail") } = {}) {
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn("/usr/bin/python3", [SMTP_SERVER, "--port", String(port), "--dir", dir],
      { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    try {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`smtp_server.py exited with ${child.exitCode}: ${stderr}`);
        return accepting(port);
      }, { timeout: 15_000, what: "the SMTP server to accept connections" });
    } catch (error) {
      await stopProcess(child);
      if (attempt < 3 && /in use/i.test(stderr)) continue;
      throw error;
    }
    return new Smtp(child, port, dir);
  }
}

export class Smtp {
  constructor(child, port, dir) {
    this.child = child;
    this.port = port;
    this.dir = dir;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  // Every message received so far, in arrival order, parsed (see parseMail).
  mails() {
    return readMails(this.dir);
  }

  // Waits for a message that `predicate(mail)` accepts and returns it, e.g.
  //   await smtp.waitForMail((m) => m.to.includes(email) && /invit/i.test(m.subject))
  async waitForMail(predicate, { timeout = 20_000, what = "an email" } = {}) {
    return waitUntil(() => this.mails().find(predicate), { timeout, what });
  }

  // Stops the server (not the run's shared one, which run.mjs owns).
  async stop() {
    return this.child ? stopProcess(this.child) : 0;
  }
}

// `shiftsync serve` on a free loopback port with its own data directory, serving `staticDir`, sending
// email through `smtpUrl` (none: .eml files in DATA_DIR/mail). Resolves once /healthz answers 200.
export async function startServer({
  binary = process.env.SHIFTSYNC_BINARY ?? join(REPO_DIR, "build", "shiftsync"),
  dataDir = mkdtempSync(join(tmpdir(), "shiftsync-web-e2e-")),
  staticDir = DIST_DIR,
  smtpUrl,
  args = [],
  env = {},
  logPath,
  timeout = 20_000,
} = {}) {
  if (!existsSync(binary)) throw new Error(`no shiftsync binary at ${binary} (set SHIFTSYNC_BINARY)`);
  checkBuilt(staticDir);
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(OUTPUT_DIR, "logs"), { recursive: true });
  // The server's settings come from these flags only, never from the caller's SHIFTSYNC_* variables.
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SHIFTSYNC_")));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const log = logPath ?? join(OUTPUT_DIR, "logs", `shiftsync-${port}.log`);
    const command = ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--public-url", base,
      "--static-dir", staticDir, ...(smtpUrl ? ["--smtp-url", smtpUrl] : []), ...args];
    writeFileSync(log, `==== ${binary} ${command.join(" ")}\n`, { flag: "a" });
    const fd = openSync(log, "a");
    const child = spawn(binary, command, { stdio: ["ignore", fd, fd], env: { ...cleanEnv, ...env } });
    closeSync(fd);
    try {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`shiftsync exited with ${child.exitCode}`);
        try {
          return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })).status === 200;
        } catch {
          return false;
        }
      }, { timeout, what: "shiftsync's /healthz" });
    } catch (error) {
      await stopProcess(child);
      if (attempt < 3 && /in use/i.test(tail(log, 2000))) continue;
      throw new Error(`${error.message}; log ${log}:\n${tail(log)}`);
    }
    return new Server(child, base, dataDir, log, staticDir);
  }
}

export class Server {
  constructor(child, base, dataDir, logPath, staticDir) {
    this.child = child;
    this.base = base;
    this.dataDir = dataDir;
    this.logPath = logPath;
    this.staticDir = staticDir;  // the web app's files it serves
  }

  url(path) {
    return this.base + path;
  }

  logTail(chars = 4000) {
    return tail(this.logPath, chars);
  }

  // SIGTERM; resolves to the exit code (0 after a clean shutdown).
  async stop() {
    return stopProcess(this.child);
  }
}

// The run's shared server (from e2e/run.mjs), or one of this file's own, stopped after its tests.
let ownServer = null;
let ownSmtp = null;
export async function useServer() {
  const base = process.env.SHIFTSYNC_E2E_BASE;
  if (base) {
    return { base, url: (path) => base + path, dataDir: process.env.SHIFTSYNC_E2E_DATA_DIR,
      staticDir: process.env.SHIFTSYNC_E2E_STATIC_DIR ?? DIST_DIR };
  }
  if (!ownServer) {
    const smtp = await useSmtp();
    ownServer = await startServer({ smtpUrl: smtp.url });
    after(async () => {
      await ownServer?.stop();
      if (ownServer) rmSync(ownServer.dataDir, { recursive: true, force: true });
      ownServer = null;
    });
  }
  return ownServer;
}

// The SMTP server the shared server sends through (see useServer).
export async function useSmtp() {
  const dir = process.env.SHIFTSYNC_E2E_MAIL_DIR;
  if (dir) return new Smtp(null, Number(process.env.SHIFTSYNC_E2E_SMTP_PORT), dir);
  if (!ownSmtp) {
    ownSmtp = await startSmtp({ dir: mkdtempSync(join(tmpdir(), "shiftsync-web-e2e-mail-")) });
    after(async () => {
      await ownSmtp?.stop();
      ownSmtp = null;
    });
  }
  return ownSmtp;
}

export * from "./mail.mjs";
export * from "./pictures.mjs";

// --------------------------------------------------------------------------------------------- API

let counter = 0;
export function unique(prefix = "x") {
  counter += 1;
  return `${prefix}${counter}-${randomBytes(4).toString("hex")}`;
}
export const uniqueEmail = (prefix = "user") => `${unique(prefix)}@example.com`;
// Random, long: never on the common-password list.
export const newPassword = () => `e2e-${randomBytes(8).toString("hex")}`;

// A JSON API call from Node: {status, headers, body} (body parsed when JSON). `base` is the server's
// base URL; `path` is below /api/v1 unless it starts with "/api/" or "/healthz".
export async function api(base, method, path, { body, token, headers = {} } = {}) {
  const url = base + (path.startsWith("/api/") || path.startsWith("/healthz") || path.startsWith("/readyz")
    ? path : `/api/v1${path}`);
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

async function expectStatus(call, status, what) {
  const response = await call;
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

// Creates an organisation with a new owner through the API (fast: no browser). Returns
// {email, password, name, token, user, organization}; sign in with email and password.
export async function apiRegisterOwner(base, {
  name = unique("Owner "), email = uniqueEmail("owner"), password = newPassword(),
  organization = unique("Org "), timeZone = "Europe/Berlin", weekStart,
} = {}) {
  const org = { name: organization, time_zone: timeZone, ...(weekStart ? { week_start: weekStart } : {}) };
  const session = await expectStatus(api(base, "POST", "/auth/register",
    { body: { name, email, password, organization: org } }), 201, "register an owner");
  return { name, email, password, token: session.token, user: session.user, organization: session.organization };
}

// Invites `email` as `role` on behalf of `inviter` (the result of apiRegisterOwner or apiSignIn).
// Returns the invitation, with its `token` and `link`.
export async function apiInvite(base, inviter, { email = uniqueEmail("invited"), role = "employee", position } = {}) {
  return expectStatus(api(base, "POST", "/invitations",
    { token: inviter.token, body: { email, role, ...(position ? { position } : {}) } }), 201, "invite");
}

// Joins through an invitation token. Returns {email, password, name, token, user, organization}.
export async function apiRegisterInvited(base, invitationToken, { email, name = unique("Person "),
  password = newPassword() }) {
  const session = await expectStatus(api(base, "POST", "/auth/register",
    { body: { name, email, password, invitation: invitationToken } }), 201, "register through an invitation");
  return { name, email, password, token: session.token, user: session.user, organization: session.organization };
}

export async function apiSignIn(base, { email, password }) {
  const session = await expectStatus(api(base, "POST", "/auth/login", { body: { email, password } }), 200, "sign in");
  return { email, password, token: session.token, user: session.user, organization: session.organization };
}

// Signs a browser context in without the UI: the session cookie lands in the context's cookie jar.
export async function signInContext(context, base, { email, password }) {
  const response = await context.request.post(`${base}/api/v1/auth/login`,
    { data: { email, password }, headers: { "X-Requested-With": "shiftsync" } });
  if (response.status() !== 200) throw new Error(`sign in: ${response.status()} ${await response.text()}`);
  return response.json();
}

// Signs in through the sign-in page as a person would (at `path`, e.g. "/sign-in?next=%2Fteam"), and
// waits until the app has left it: the URL changed and the page's "Sign in" heading is gone (the
// router keeps the old page on screen while the next one loads). Relies on the page's accessible
// names: fields labelled "Email" and "Password", a "Sign in" button and heading.
export async function signInThroughUi(page, { email, password }, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel(/^email/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole("button", { name: /^sign in$/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.getByRole("heading", { level: 1, name: /^sign in$/i }).waitFor({ state: "detached" });
}

// A raw GET (no decompression, unlike fetch): {status, headers, body: Buffer}.
export function rawGet(url, headers = {}) {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => done({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

// --------------------------------------------------------------------------------------------- browser

let browserPromise = null;

// Debian's Chromium, headless, with no network but loopback: the flags keep it from calling home
// (component updates, sync, QUIC probes), which this machine's closed network would refuse.
export async function launchBrowser() {
  if (!browserPromise) {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (scripts/install-deps.sh does)`);
    }
    const { chromium } = await import("playwright-core");
    browserPromise = chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-proxy-server"],
    });
  }
  return browserPromise;
}

export async function closeBrowser() {
  if (!browserPromise) return;
  const browser = await browserPromise;
  browserPromise = null;
  await browser.close();
}

const problemsOf = new WeakMap();

// What went wrong in a page while a test used it: uncaught exceptions, Content-Security-Policy
// violations and other console errors. Every page of a context from newBrowserContext is watched.
export function pageProblems(page) {
  return problemsOf.get(page) ?? { errors: [], cspViolations: [], consoleErrors: [] };
}

function watch(page) {
  const problems = { errors: [], cspViolations: [], consoleErrors: [] };
  problemsOf.set(page, problems);
  page.on("pageerror", (error) => problems.errors.push(String(error?.stack ?? error)));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (/Content Security Policy/i.test(text)) problems.cspViolations.push(text);
    else problems.consoleErrors.push(text);
  });
}

// Fails if the page threw, or broke the Content-Security-Policy. Console errors fail too, except
// those matching `allowConsole` (by default the browser's note on the 401 the app expects when it
// asks who is signed in before anyone is).
export function assertNoPageProblems(page, { allowConsole = [/status of 401/] } = {}) {
  const { errors, cspViolations, consoleErrors } = pageProblems(page);
  const unexpected = consoleErrors.filter((text) => !allowConsole.some((pattern) => pattern.test(text)));
  const lines = [...errors.map((e) => `uncaught: ${e}`), ...cspViolations.map((e) => `CSP: ${e}`),
    ...unexpected.map((e) => `console: ${e}`)];
  if (lines.length) throw new Error(`problems in ${page.url()}:\n${lines.join("\n")}`);
}

// A fresh browser context (no cookies, no cache) on `server`, so page.goto("/sign-in") works.
// `options`: PHONE or DESKTOP (or any Playwright context options on top of them). The clock's zone is
// Europe/Berlin and the locale en-GB unless given, so dates render the same on every machine.
export async function newBrowserContext(options = DESKTOP, server = null) {
  const browser = await launchBrowser();
  const base = server?.base ?? (await useServer()).base;
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Europe/Berlin", ...options, baseURL: base });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  context.on("page", watch);
  return context;
}

// Runs axe-core in the page and fails on serious or critical violations (WCAG 2.x A/AA and best
// practices). Injected through the DevTools protocol rather than a <script> tag, which the page's
// Content-Security-Policy would rightly refuse. Returns axe's results for further checks.
export async function checkA11y(page, { include, exclude, disableRules = [] } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.evaluate(`${readFileSync(AXE_SOURCE, "utf8")}\n;undefined`);
  }
  const results = await page.evaluate(async ({ include, exclude, disableRules }) => {
    const context = include || exclude ? { include: include ?? [document], exclude: exclude ?? [] } : document;
    const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
    return window.axe.run(context, { resultTypes: ["violations"], rules });
  }, { include, exclude, disableRules });
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (serious.length) {
    const lines = serious.map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    throw new Error(`accessibility violations in ${page.url()}:\n${lines.join("\n")}`);
  }
  return results;
}

// Saves a full-page PNG as OUTPUT_DIR/screenshots/NAME.png; returns the path.
export async function screenshot(page, name) {
  const dir = join(OUTPUT_DIR, "screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
