// A tab open while the server's files change under it. Each test runs its own server on its own copy
// of web/dist, and changes that copy:
// - a new release: every script gets a new name (as a rebuild gives it), so the open tab's entry
//   asks for page files that are gone. The app reloads once, takes the new index.html and shows
//   the page, with no error in sight;
// - files that stay missing (a broken deploy): after that one reload the page says what happened,
//   keeps the navigation, passes axe, and its Reload button works once the files are back.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import {
  DESKTOP, DIST_DIR, apiRegisterOwner, assertNoPageProblems, checkA11y, closeBrowser, newBrowserContext, screenshot,
  signInContext, startServer,
} from "./support.mjs";

after(closeBrowser);

// The browser's notes on the files the test took away.
const MISSING_FILES = [/status of 404/, /Failed to fetch dynamically imported module/, /status of 401/];

// A server of its own on a copy of web/dist, with an owner signed in on a desktop page at /schedule.
async function openTab(t) {
  const root = mkdtempSync(join(tmpdir(), "shiftsync-web-release-"));
  const staticDir = join(root, "dist");
  cpSync(DIST_DIR, staticDir, { recursive: true, preserveTimestamps: true });
  const server = await startServer({ dataDir: join(root, "data"), staticDir });
  t.after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const owner = await apiRegisterOwner(server.base);
  const context = await newBrowserContext(DESKTOP, server);
  t.after(() => context.close());
  await signInContext(context, server.base, owner);
  const page = await context.newPage();
  let loads = 0;
  page.on("load", () => { loads += 1; });
  await page.goto("/schedule");
  await page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
  return { page, staticDir, assets: join(staticDir, "assets"), loads: () => loads };
}

// The page file of `name` (e.g. "TeamPage"), and its precompressed siblings.
function pageFiles(assets, name) {
  const script = readdirSync(assets).find((file) => file.startsWith(`${name}-`) && file.endsWith(".js"));
  assert.ok(script, `no ${name}-*.js in ${assets}`);
  return [script, `${script}.br`, `${script}.gz`].filter((file) => existsSync(join(assets, file)));
}

// What a rebuild does to the served files: every script under a new name, every reference to it
// (in index.html and the other scripts) following. The old names are gone.
function newRelease(staticDir) {
  const assets = join(staticDir, "assets");
  const scripts = readdirSync(assets).filter((file) => file.endsWith(".js"));
  const renamed = new Map(scripts.map((file) => [file, file.replace(/\.js$/, "-next.js")]));
  const follow = (text) => {
    for (const [from, to] of renamed) text = text.split(from).join(to);
    return text;
  };
  for (const file of readdirSync(assets)) {
    if (/\.js\.(br|gz)$/.test(file)) rmSync(join(assets, file));
  }
  for (const [from, to] of renamed) {
    writeFileSync(join(assets, to), follow(readFileSync(join(assets, from), "utf8")));
    rmSync(join(assets, from));
  }
  writeFileSync(join(staticDir, "index.html"), follow(readFileSync(join(staticDir, "index.html"), "utf8")));
  for (const sibling of ["index.html.br", "index.html.gz"]) rmSync(join(staticDir, sibling), { force: true });
}

test("a new release does not break an open tab: the next page loads after one reload", async (t) => {
  const tab = await openTab(t);
  const { page } = tab;
  assert.equal(tab.loads(), 1);
  newRelease(tab.staticDir);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await page.getByRole("heading", { level: 1, name: "Team" }).waitFor();
  assert.equal(tab.loads(), 2, "reloaded once, for the new index.html");
  assert.equal(new URL(page.url()).pathname, "/team");
  const entry = await page.locator('script[type="module"]').first().getAttribute("src");
  assert.match(entry, /-next\.js$/, "the page runs the new release");
  assert.equal(await page.getByRole("alert").count(), 0);
  await page.waitForFunction((title) => document.title === title, "Team · Shift-Sync");

  // Moving on within the new release needs no more reloads.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
  await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
  assert.equal(tab.loads(), 2);
  assertNoPageProblems(page, { allowConsole: MISSING_FILES });
});

test("a page whose files stay missing says so, keeps the navigation, and reloads into the page", async (t) => {
  const tab = await openTab(t);
  const { page, assets } = tab;
  const files = pageFiles(assets, "TeamPage");
  const aside = mkdtempSync(join(tmpdir(), "shiftsync-web-aside-"));
  t.after(() => rmSync(aside, { recursive: true, force: true }));
  for (const file of files) renameSync(join(assets, file), join(aside, file));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  const alert = page.getByRole("alert");
  await alert.getByRole("heading", { name: "This page could not load" }).waitFor();
  assert.equal(tab.loads(), 2, "one reload for a possible new release, then no more");
  assert.match(await alert.textContent(), /may have just been updated, or the connection dropped/);
  await page.waitForFunction((title) => document.title === title, "This page could not load · Shift-Sync");
  const nav = page.getByRole("navigation", { name: "Main" });
  assert.ok(await nav.isVisible(), "the navigation stays");
  assert.ok(await page.getByRole("button", { name: "Sign out" }).isVisible());
  await checkA11y(page);
  await screenshot(page, "release-page-missing-desktop");

  // Another page still works from there.
  await nav.getByRole("link", { name: "Schedule" }).click();
  await page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);

  // Back on the missing page, and the files return: Reload shows it.
  await nav.getByRole("link", { name: "Team" }).click();
  await alert.getByRole("heading", { name: "This page could not load" }).waitFor();
  for (const file of files) renameSync(join(aside, file), join(assets, file));
  await alert.getByRole("button", { name: "Reload the page" }).click();
  await page.getByRole("heading", { level: 1, name: "Team" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 0);
  assertNoPageProblems(page, { allowConsole: MISSING_FILES });
});
