// The whole story in a real browser against the real server and the test SMTP server:
// an owner sets up the organisation (and its settings) -> invites a manager and an employee -> the employee opens the
// emailed link on a phone and registers with a picture -> the manager gives a weekly pattern and
// edits one shift -> the employee signs in on a phone and sees it, the schedule as a list by day ->
// the emails arrived.
// Then every page, at phone and desktop sizes, passes axe and is photographed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  DESKTOP, PHONE, api, apiInvite, apiRegisterInvited, apiRegisterOwner, apiSignIn, assertNoPageProblems, checkA11y,
  closeBrowser, findLink, newBrowserContext, newPassword, screenshot, signInThroughUi, unique, uniqueEmail, useServer,
  useSmtp, writeTestPicture,
} from "./support.mjs";

let server;
let smtp;
before(async () => {
  server = await useServer();
  smtp = await useSmtp();
});
after(closeBrowser);

// The Monday after today in Berlin (so every shift of the pattern lies in the future and is notified).
function nextMonday() {
  const berlin = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(new Date());
  const day = new Date(`${berlin}T12:00:00Z`);
  const shift = ((8 - day.getUTCDay()) % 7) || 7;
  day.setUTCDate(day.getUTCDate() + shift);
  return day.toISOString().slice(0, 10);
}

function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const mailTo = (address, subject) => (m) => m.to.includes(address) && subject.test(m.subject);

test("owner sets up, invites; employee joins with a picture; manager plans; employee sees it on a phone", async () => {
  const orgName = unique("Corner Cafe ");
  const owner = { name: "Olga Owner", email: uniqueEmail("olga"), password: newPassword() };
  const manager = { name: "Max Manager", email: uniqueEmail("max") };
  const employee = { name: "Emma Employee", email: uniqueEmail("emma"), password: newPassword() };
  const monday = nextMonday();

  // 1. The owner creates the organisation through the sign-up page, on a laptop.
  const desk = await newBrowserContext(DESKTOP);
  const page = await desk.newPage();
  await page.goto("/create-organization");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel(/^Email/).fill(owner.email);
  await page.getByLabel(/^Password/).fill(owner.password);
  await page.getByLabel("Organisation name").fill(orgName);
  const zone = page.getByLabel("Time zone");
  if (await zone.evaluate((el) => el.tagName === "SELECT")) await zone.selectOption("Europe/Berlin");
  else await zone.fill("Europe/Berlin");
  await screenshot(page, "journey-1-create-organization-desktop");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await page.waitForURL((url) => url.pathname === "/schedule");
  await page.getByText(orgName).first().waitFor();

  // 1b. On the Settings page (owners only) the owner renames the organisation and has emails write
  // dates the British way; the frame shows the new name at once.
  const newName = `${orgName} & Co`;
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL((url) => url.pathname === "/settings");
  await page.getByLabel("Organisation name").fill(newName);
  assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/Berlin");
  await page.getByLabel("Dates and times in emails").selectOption("en-GB");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("The organisation's settings are saved.").waitFor();
  await page.locator(".top__org", { hasText: newName }).waitFor();
  await checkA11y(page);
  await screenshot(page, "journey-1b-settings-desktop");

  // 2. The owner invites a manager and an employee on the Team page; the link can be copied too.
  await page.getByRole("link", { name: "Team" }).click();
  await page.waitForURL((url) => url.pathname === "/team");
  for (const [who, role] of [[manager, "manager"], [employee, "employee"]]) {
    const form = page.locator("#invite");
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("button", { name: "Copy link" }).first().waitFor();
    const shown = await page.locator("input[readonly]").first().inputValue();
    assert.match(shown, /\/register\?invitation=/, "the invitation link is shown to copy");
  }
  await screenshot(page, "journey-2-team-invited-desktop");

  // The emails carry the links; the manager joins through the API (the employee through the UI).
  const managerInvite = await smtp.waitForMail(mailTo(manager.email, /invited to join/i), { what: "the manager's invitation" });
  const managerToken = new URL(findLink(managerInvite.text, "/register?invitation=")).searchParams.get("invitation");
  Object.assign(manager, await apiRegisterInvited(server.base, managerToken, { email: manager.email, name: manager.name }));
  const employeeInvite = await smtp.waitForMail(mailTo(employee.email, /invited to join/i), { what: "the employee's invitation" });
  const link = findLink(employeeInvite.text, "/register?invitation=");
  assert.ok(link, `no registration link in:\n${employeeInvite.text}`);
  await desk.close();

  // 3. The employee opens the emailed link on a phone and registers with a picture.
  const phone = await newBrowserContext(PHONE);
  const mobile = await phone.newPage();
  const url = new URL(link);
  await mobile.goto(url.pathname + url.search);
  // The page looked the invitation up: it names the organisation and fills in the address.
  await mobile.getByRole("heading", { name: `Join ${newName}` }).waitFor();
  assert.equal(await mobile.getByLabel(/^Email/).inputValue(), employee.email);
  assert.equal(await mobile.getByLabel(/^Email/).getAttribute("readonly"), "");
  await mobile.getByLabel("Your name").fill(employee.name);
  await mobile.getByLabel(/^Password/).fill(employee.password);
  await mobile.getByLabel("Picture (optional)").setInputFiles(writeTestPicture("emma.png"));
  await mobile.getByRole("button", { name: "Use this picture" }).click();
  await screenshot(mobile, "journey-3-register-phone");
  await mobile.getByRole("button", { name: "Join" }).click();
  await mobile.waitForURL((u) => u.pathname === "/schedule");
  const me = await mobile.evaluate(async () => (await fetch("/api/v1/me")).json());
  assert.equal(me.name, employee.name);
  assert.ok(me.picture_url, "the employee has a picture");
  const picture = await mobile.evaluate(async (src) => {
    const r = await fetch(src);
    return { status: r.status, type: r.headers.get("content-type") };
  }, me.picture_url);
  assert.deepEqual(picture, { status: 200, type: "image/jpeg" });
  employee.id = me.id;
  await phone.close();

  // 4. The manager gives a weekly pattern (Mon-Fri 09:00-17:00, two weeks) and edits one shift.
  const managerDesk = await newBrowserContext(DESKTOP);
  const planner = await managerDesk.newPage();
  await signInThroughUi(planner, manager, `/sign-in?next=${encodeURIComponent(`/schedule?week=${monday}`)}`);
  await planner.waitForURL((u) => u.pathname === "/schedule");
  await planner.getByRole("button", { name: "Weekly pattern" }).click();
  const dialog = planner.getByRole("dialog", { name: "Weekly pattern" });
  await dialog.getByLabel("Employee").selectOption({ label: new RegExp(employee.name) }).catch(async () => {
    const value = await dialog.getByLabel("Employee").locator("option", { hasText: employee.name }).getAttribute("value");
    await dialog.getByLabel("Employee").selectOption(value);
  });
  await dialog.getByLabel("First day").fill(monday);
  await dialog.getByLabel("Last day").fill(addDays(monday, 13));
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) {
    const group = dialog.getByRole("group", { name: day });
    await group.getByLabel("Start").fill("09:00");
    await group.getByLabel("End").fill("17:00");
  }
  await screenshot(planner, "journey-4-pattern-desktop");
  await dialog.getByRole("button", { name: "Create pattern" }).click();
  await planner.getByText(/10 shifts created/).waitFor();

  await planner.goto(`/schedule?week=${monday}`);
  const shiftButton = planner.getByRole("button", { name: new RegExp(`^Edit shift of ${employee.name} on Monday`) });
  await shiftButton.click();
  const editor = planner.getByRole("dialog");
  await editor.getByLabel("End").fill("18:30");
  await editor.getByRole("button", { name: "Save shift" }).click();
  await planner.getByRole("button", { name: new RegExp(`^Edit shift of ${employee.name} on Monday.*18:30`) }).waitFor();
  await checkA11y(planner);
  await screenshot(planner, "journey-5-schedule-edited-desktop");
  assertNoPageProblems(planner);
  await managerDesk.close();

  // 5. The employee signs in on a phone and sees the week, with the edited shift.
  const phone2 = await newBrowserContext(PHONE);
  const own = await phone2.newPage();
  await signInThroughUi(own, employee, "/sign-in?next=%2Fmy-shifts");
  await own.waitForURL((u) => u.pathname === "/my-shifts");
  await own.getByText("18:30").first().waitFor();
  await screenshot(own, "journey-6-my-shifts-phone");
  const listed = await own.locator("main").innerText();
  assert.equal((listed.match(/\b0?9:00/g) ?? []).length, 10, `all ten shifts of the pattern are listed:\n${listed}`);
  await checkA11y(own);
  // On a phone the schedule is the week as a list by day, not the grid: a heading per day, and
  // Monday lists the edited shift with the employee's picture; nothing scrolls sideways.
  await own.goto(`/schedule?week=${monday}`);
  const byDay = own.getByRole("region", { name: /^Schedule by day/ });
  await byDay.getByText(/18:30/).waitFor();
  assert.equal(await own.locator("table.sched").isVisible(), false, "the grid is hidden on a phone");
  assert.equal(await own.getByRole("table").count(), 0, "no table in the accessibility tree");
  assert.equal(await byDay.getByRole("heading", { level: 2 }).count(), 7);
  const mondayShift = byDay.locator("section").first().getByRole("listitem").first();
  assert.match(await mondayShift.innerText(), new RegExp(`${employee.name} \\(you\\)\\s+0?9:00–18:30`));
  assert.equal(await mondayShift.locator("img").getAttribute("src"), me.picture_url);
  assert.equal((await byDay.innerText()).match(/\b0?9:00–/g)?.length, 5, "Monday to Friday are listed");
  assert.equal(await byDay.getByRole("button").count(), 0, "read-only for an employee");
  await checkA11y(own);
  const sideways = await own.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(sideways <= 1, `the schedule scrolls sideways by ${sideways} px on a phone`);
  await screenshot(own, "journey-7-schedule-phone");
  assertNoPageProblems(own);
  await phone2.close();

  // 6. The emails arrived: invitations (above), welcome, the pattern summary and the change.
  await smtp.waitForMail(mailTo(employee.email, /^Welcome to/), { what: "the welcome email" });
  const summary = await smtp.waitForMail(mailTo(employee.email, /regular schedule/i), { what: "the pattern summary" });
  // Written in the organisation's locale (en-GB, chosen in the settings above), as the app shows times.
  assert.match(summary.text, /Monday 09:00\u201317:00/);
  const changed = await smtp.waitForMail(mailTo(employee.email, /^Shift changed/), { what: "the shift-changed email" });
  assert.match(changed.text, /Time: Mon \d+ \w+, 09:00\u201317:00 \u2192 Mon \d+ \w+, 09:00\u201318:30/, changed.text);
  const patternMails = smtp.mails().filter(mailTo(employee.email, /^New shift/));
  assert.equal(patternMails.length, 0, "a pattern sends one summary, not one email per shift");
});

test("every page passes axe and is photographed at phone and desktop sizes", async () => {
  const owner = await apiRegisterOwner(server.base, { name: "Paula Pages" });
  const invited = await apiInvite(server.base, owner, { role: "employee", position: "Barista" });
  const colleague = await apiRegisterInvited(server.base, invited.token, { email: invited.email, name: "Cora Colleague" });
  // One pending invitation on the Team page, whose link opens the join page below.
  const pending = await apiInvite(server.base, owner, { role: "manager" });
  const monday = nextMonday();
  const times = { start: "08:00", end: "16:00" };
  const pattern = await api(server.base, "POST", "/patterns", { token: owner.token, body: {
    user_id: colleague.user.id, start_date: monday, end_date: addDays(monday, 6),
    days: { monday: times, wednesday: times, friday: times } } });
  assert.equal(pattern.status, 201, JSON.stringify(pattern.body));
  await api(server.base, "POST", "/mail", { token: owner.token, body: { to: "all", subject: "Welcome", message: "Hello team" } });
  const signedIn = await apiSignIn(server.base, owner);
  assert.ok(signedIn.token);

  const pages = [
    ["schedule", `/schedule?week=${monday}`, "Cora Colleague"],
    ["my-shifts", "/my-shifts", null],
    ["team", "/team", "Cora Colleague"],
    ["profile", "/profile", null],
    ["mail", "/mail", "Welcome"],
    ["settings", "/settings", "Dates and times in emails"],
  ];
  for (const [device, options] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    const anonymous = await newBrowserContext(options);
    const guest = await anonymous.newPage();
    for (const [name, path] of [["sign-in", "/sign-in"], ["create-organization", "/create-organization"],
      ["register", `/register?invitation=${encodeURIComponent(pending.token)}`]]) {
      await guest.goto(path);
      await guest.getByRole("heading", { level: 1 }).first().waitFor();
      await checkA11y(guest);
      await screenshot(guest, `page-${name}-${device}`);
    }
    assertNoPageProblems(guest);
    await anonymous.close();

    const context = await newBrowserContext(options);
    const page = await context.newPage();
    await signInThroughUi(page, owner);
    for (const [name, path, expected] of pages) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      // The visible one: the schedule has its grid and its day list, one hidden by the screen's width.
      if (expected) await page.getByText(expected).filter({ visible: true }).first().waitFor();
      await page.locator('[role="status"][aria-label^="Loading"]').waitFor({ state: "detached" }).catch(() => {});
      await checkA11y(page);
      await screenshot(page, `page-${name}-${device}`);
      // Nothing wider than a 360 px phone: no sideways scrolling of the page itself.
      if (device === "phone") {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow} px on a phone`);
      }
    }
    assertNoPageProblems(page);
    await context.close();
  }
});
