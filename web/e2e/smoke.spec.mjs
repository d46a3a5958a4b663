// The built app behind the real server: it loads, sends strangers to sign-in, passes axe there on a
// phone and a laptop, signs in through the form, survives reloads of client routes, carries the
// security and caching headers, gets precompressed files, calls the API, and invitation emails
// arrive with a link into it. Depends on no page's content beyond the sign-in form.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

import {
  DESKTOP, PHONE, api, apiInvite, apiRegisterOwner, assertNoPageProblems, checkA11y, closeBrowser, findLink,
  newBrowserContext, pageProblems, rawGet, screenshot, signInThroughUi, uniqueEmail, useServer, useSmtp,
} from "./support.mjs";

let server;
before(async () => {
  server = await useServer();
});
after(closeBrowser);

// The hashed entry script index.html loads, e.g. "/assets/index-DgVmz4mY.js".
function entryScript() {
  const html = readFileSync(join(server.staticDir, "index.html"), "utf8");
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  assert.ok(src?.startsWith("/assets/"), `no module script under /assets/ in dist/index.html:\n${html}`);
  return src;
}

// The sign-in page: a form with an email and a password field.
async function expectSignInPage(page) {
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await page.locator('form input[type="email"]').waitFor({ state: "visible" });
  assert.equal(await page.locator('form input[type="password"]').count(), 1);
}

for (const [name, device] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  test(`/ sends a stranger to the sign-in page, which passes axe (${name})`, async () => {
    const context = await newBrowserContext(device);
    try {
      const page = await context.newPage();
      const response = await page.goto("/");
      assert.equal(response.status(), 200);
      assert.match(response.headers()["content-type"], /^text\/html/);
      await expectSignInPage(page);
      assert.match(await page.title(), /Shift-Sync/);
      await checkA11y(page);
      await screenshot(page, `smoke-sign-in-${name}`);
      // Nothing on the way broke the Content-Security-Policy or threw.
      assertNoPageProblems(page);
    } finally {
      await context.close();
    }
  });
}

test("the app shell and assets carry the security and caching headers", async () => {
  const shell = await rawGet(server.url("/"));
  assert.equal(shell.status, 200);
  assert.equal(shell.headers["cache-control"], "no-cache");
  const csp = shell.headers["content-security-policy"];
  assert.ok(csp, "no Content-Security-Policy");
  for (const directive of ["default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'",
    "base-uri 'self'"]) {
    assert.ok(csp.includes(directive), `${directive} missing from ${csp}`);
  }
  assert.ok(!csp.includes("unsafe-inline") && !csp.includes("unsafe-eval"), csp);
  assert.equal(shell.headers["x-content-type-options"], "nosniff");
  assert.equal(shell.headers["x-frame-options"], "DENY");
  assert.equal(shell.headers["referrer-policy"], "same-origin");
  assert.ok(shell.headers["permissions-policy"], "no Permissions-Policy");
  // The built index.html has nothing inline that the policy would block.
  const html = shell.body.toString("utf8");
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "an inline <script> in index.html");
  assert.doesNotMatch(html, /<style[\s>]|\sstyle=/, "inline style in index.html");

  const script = entryScript();
  const original = readFileSync(join(server.staticDir, script));
  const br = await rawGet(server.url(script), { "Accept-Encoding": "gzip, deflate, br" });
  assert.equal(br.status, 200);
  assert.equal(br.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers.vary, "Accept-Encoding");
  assert.match(br.headers["content-type"], /^text\/javascript/);
  assert.ok(br.body.length < original.length, "brotli should be smaller");
  assert.deepEqual(brotliDecompressSync(br.body), original);

  const gzip = await rawGet(server.url(script), { "Accept-Encoding": "gzip" });
  assert.equal(gzip.headers["content-encoding"], "gzip");
  assert.deepEqual(gunzipSync(gzip.body), original);
  assert.notEqual(gzip.headers.etag, br.headers.etag);

  const plain = await rawGet(server.url(script), { "Accept-Encoding": "br;q=0, gzip;q=0" });
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.deepEqual(plain.body, original);

  // The encoded files are not files of their own.
  assert.equal((await rawGet(server.url(`${script}.br`))).status, 404);
  // A missing asset is a 404, not the app shell.
  assert.equal((await rawGet(server.url("/assets/no-such-file.js"))).status, 404);
});

test("a client route survives a reload, and /api/ paths never become the app", async () => {
  for (const path of ["/team", "/schedule", "/register?invitation=x"]) {
    const response = await rawGet(server.url(path), { "Accept-Encoding": "br" });
    assert.equal(response.status, 200, path);
    assert.match(response.headers["content-type"], /^text\/html/, path);
    assert.equal(response.headers["cache-control"], "no-cache", path);
  }
  const missing = await api(server.base, "GET", "/api/v1/no-such-route");
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("content-type"), /^application\/problem\+json/);

  const context = await newBrowserContext(DESKTOP);
  try {
    const page = await context.newPage();
    await page.goto("/team");
    // Signed out: the app keeps where the person was going.
    await page.waitForURL((url) => url.pathname === "/sign-in" && url.searchParams.get("next") === "/team");
    const reloaded = await page.reload();
    assert.equal(reloaded.status(), 200);
    await expectSignInPage(page);
    assertNoPageProblems(page);
  } finally {
    await context.close();
  }
});

test("signing in through the form sets the session cookie and leaves the sign-in page", async () => {
  const owner = await apiRegisterOwner(server.base);
  const context = await newBrowserContext(PHONE);
  try {
    const page = await context.newPage();
    await signInThroughUi(page, owner);
    const cookies = await context.cookies();
    assert.ok(cookies.some((c) => c.name === "shiftsync_session" && c.httpOnly), JSON.stringify(cookies));
    // What the signed-in pages show is theirs to test; the policy must hold there too.
    await page.locator("#root h1").first().waitFor();
    await screenshot(page, "smoke-signed-in-phone");
    assert.deepEqual(pageProblems(page).cspViolations, []);
  } finally {
    await context.close();
  }
});

test("the page calls the API on its own origin, and the browser decodes compressed files", async () => {
  const owner = await apiRegisterOwner(server.base);
  const context = await newBrowserContext(DESKTOP);
  try {
    const page = await context.newPage();
    const encodings = [];
    page.on("response", (response) => {
      if (response.url().includes("/assets/")) encodings.push(response.headers()["content-encoding"] ?? "identity");
    });
    await page.goto("/sign-in");
    await page.locator("#root h1").first().waitFor();
    // Chromium asks plain-HTTP servers for gzip (brotli only over HTTPS); the app still ran.
    assert.ok(encodings.length > 0 && encodings.every((e) => e === "gzip" || e === "br"), encodings.join(", "));

    const answers = await page.evaluate(async ({ email, password }) => {
      const health = await fetch("/healthz");
      const login = await fetch("/api/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Requested-With": "shiftsync" },
        body: JSON.stringify({ email, password }),
      });
      const me = await fetch("/api/v1/me");  // the session cookie the login set
      return {
        health: [health.status, await health.json()],
        login: login.status,
        me: [me.status, me.headers.get("x-content-type-options"), (await me.json()).email],
      };
    }, owner);
    assert.deepEqual(answers.health, [200, { status: "ok" }]);
    assert.equal(answers.login, 200);
    assert.deepEqual(answers.me, [200, "nosniff", owner.email]);
    assertNoPageProblems(page);
  } finally {
    await context.close();
  }
});

test("an invitation email arrives through SMTP and its link opens the app", async () => {
  const owner = await apiRegisterOwner(server.base);
  const email = uniqueEmail("invited");
  const invitation = await apiInvite(server.base, owner, { email, role: "employee" });
  const mail = await (await useSmtp()).waitForMail((m) => m.to.includes(email), { what: `the invitation to ${email}` });
  assert.match(mail.subject, /invit/i);
  const link = findLink(mail.text, "/register?invitation=");
  assert.equal(link, invitation.link);
  assert.ok(link.startsWith(`${server.base}/`), link);

  const context = await newBrowserContext(PHONE);
  try {
    const page = await context.newPage();
    const response = await page.goto(link);
    assert.equal(response.status(), 200);
    await page.locator("#root h1").first().waitFor();
    assert.equal(new URL(page.url()).pathname, "/register");
    assertNoPageProblems(page);
  } finally {
    await context.close();
  }
});
