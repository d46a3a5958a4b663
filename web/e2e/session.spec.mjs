// A session that ends while a dialog is open, in Chromium against the real server: the manager has
// typed a shift, the session is revoked elsewhere, and Save asks to sign in again over the dialog;
// once signed in the shift is saved as typed. Then signing out leaves no ?next= for the next person.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  DESKTOP, api, apiInvite, apiRegisterInvited, apiRegisterOwner, assertNoPageProblems, checkA11y, closeBrowser,
  newBrowserContext, screenshot, signInContext, useServer,
} from "./support.mjs";

let server;
before(async () => {
  server = await useServer();
});
after(closeBrowser);

test("a session that ends under an open dialog: sign in again in place, and the save completes", async (t) => {
  const owner = await apiRegisterOwner(server.base);
  const invitation = await apiInvite(server.base, owner);
  const ada = await apiRegisterInvited(server.base, invitation.token, { email: invitation.email, name: "Ada Lovelace" });
  const context = await newBrowserContext(DESKTOP);
  t.after(() => context.close());
  await signInContext(context, server.base, owner);
  const page = await context.newPage();
  await page.goto("/schedule");

  await page.getByRole("button", { name: /^Add shift for Ada Lovelace on / }).first().click();
  const editor = page.getByRole("dialog", { name: "Add shift" });
  await editor.getByLabel("Start").fill("09:00");
  await editor.getByLabel("End").fill("17:00");
  await editor.getByLabel("Note").fill("Inventory");

  // The session ends elsewhere (signed out on another device, say): its token is revoked.
  const cookie = (await context.cookies()).find((c) => c.name === "shiftsync_session");
  assert.ok(cookie, "the session cookie");
  assert.equal((await api(server.base, "POST", "/auth/logout", { token: cookie.value })).status, 204);

  await editor.getByRole("button", { name: "Add shift" }).click();
  const again = page.getByRole("dialog", { name: "Sign in again" });
  await again.waitFor();
  assert.equal(await again.getByLabel("Email").inputValue(), owner.email);
  assert.equal(await editor.getByLabel("Note").inputValue(), "Inventory", "what was typed is still there");
  assert.equal(new URL(page.url()).pathname, "/schedule");
  await checkA11y(page);
  await screenshot(page, "session-sign-in-again-desktop");
  await again.getByLabel("Password").fill(owner.password);
  await again.getByRole("button", { name: "Sign in" }).click();

  await page.getByText(/^Ada Lovelace's shift on .* is added\.$/).waitFor();
  assert.equal(await page.getByRole("dialog").count(), 0);
  const around = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const { body } = await api(server.base, "GET", `/shifts?from=${around(-8)}&to=${around(8)}&user_id=${ada.user.id}`,
    { token: owner.token });
  assert.deepEqual(body.shifts.map((s) => s.note), ["Inventory"], "saved once, as typed");

  // Signing out: the sign-in page without the last page in its address.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
  assert.equal(new URL(page.url()).search, "");
  await page.waitForFunction((title) => document.title === title, "Sign in · Shift-Sync");
  assertNoPageProblems(page, { allowConsole: [/status of 401/] });
});
