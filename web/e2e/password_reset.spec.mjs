// Password reset in a real browser against the real server and the test SMTP server: a person
// who forgot their password asks for a link on the sign-in page, opens the link from the .eml the
// SMTP server wrote, chooses a new password (the policy's error shows on the field first), and
// signs in with it; the old password no longer works. Then a manager sends a colleague a link
// from the Team page.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  DESKTOP, PHONE, api, apiInvite, apiRegisterInvited, apiRegisterOwner, assertNoPageProblems, checkA11y, closeBrowser,
  findLink, newBrowserContext, newPassword, screenshot, signInContext, uniqueEmail, useServer, useSmtp,
} from "./support.mjs";

let server;
let smtp;
before(async () => {
  server = await useServer();
  smtp = await useSmtp();
});
after(closeBrowser);

const resetMailTo = (address) => (m) => m.to.includes(address) && /new password/i.test(m.subject);

test("forgot password: the emailed link sets a new password, and the person signs in with it", async () => {
  const owner = await apiRegisterOwner(server.base);
  const context = await newBrowserContext(PHONE);
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL((url) => url.pathname === "/forgot-password");
    // The address changes before the page's code has loaded, while the sign-in page (with its own
    // Email field) is still shown: wait for the new page before typing.
    await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
    await page.getByLabel("Email").fill(owner.email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    await page.getByRole("status").filter({ hasText: "If an account uses this email" }).waitFor();
    await checkA11y(page);
    await screenshot(page, "reset-1-link-sent-phone");

    const mail = await smtp.waitForMail(resetMailTo(owner.email), { what: `the reset email to ${owner.email}` });
    const link = findLink(mail.text, "/reset-password?token=");
    assert.ok(link?.startsWith(`${server.base}/reset-password?token=`), mail.text);

    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("New password again").fill("short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Use at least 12 characters (this one has 5).").waitFor();
    await checkA11y(page);

    const fresh = newPassword();
    await page.getByLabel("New password", { exact: true }).fill(fresh);
    await page.getByLabel("New password again").fill(fresh);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByRole("status").filter({ hasText: "Your password was changed" }).waitFor();
    await screenshot(page, "reset-2-changed-phone");

    // The old password no longer works; the new one does, through the form.
    const old = await api(server.base, "POST", "/auth/login", { body: { email: owner.email, password: owner.password } });
    assert.equal(old.status, 401);
    await page.getByLabel(/^email/i).fill(owner.email);
    await page.getByLabel(/^password/i).fill(fresh);
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

    // The link worked once.
    await page.goto(link);
    const again = newPassword();
    await page.getByLabel("New password", { exact: true }).fill(again);
    await page.getByLabel("New password again").fill(again);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByRole("heading", { level: 1, name: "This link no longer works" }).waitFor();
    assertNoPageProblems(page, { allowConsole: [/status of 401/, /status of 410/] });
  } finally {
    await context.close();
  }
});

test("a manager sends a colleague a reset link from the Team page", async () => {
  const owner = await apiRegisterOwner(server.base);
  const email = uniqueEmail("colleague");
  const invitation = await apiInvite(server.base, owner, { email, role: "employee" });
  const colleague = await apiRegisterInvited(server.base, invitation.token, { email, name: "Colin Colleague" });
  const context = await newBrowserContext(DESKTOP);
  try {
    await signInContext(context, server.base, owner);
    const page = await context.newPage();
    await page.goto("/team");
    await page.getByRole("button", { name: `Reset password for ${colleague.name}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("You never see or set their password", { exact: false }).waitFor();
    await checkA11y(page);
    await dialog.getByRole("button", { name: "Send the link" }).click();
    await page.getByRole("status").filter({ hasText: `We emailed ${colleague.name}` }).waitFor();
    const mail = await smtp.waitForMail(resetMailTo(email), { what: `the reset email to ${email}` });
    assert.ok(findLink(mail.text, "/reset-password?token="), mail.text);
    assert.match(mail.text, new RegExp(`${owner.name} sent you a link`));
    assertNoPageProblems(page);
  } finally {
    await context.close();
  }
});
