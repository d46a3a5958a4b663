// The schedule's layout in Chromium with a real week: a new organisation's owner is shown the first
// step; with a team of 24, the desktop page scrolls once (only the grid's frame, with its head
// sticky); printing lays every row out with no button, and Chromium's PDF holds them all: its text,
// read back with poppler's pdftotext, has every person's name and the week's day headings.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import {
  DESKTOP, OUTPUT_DIR, apiInvite, apiRegisterInvited, apiRegisterOwner, assertNoPageProblems, checkA11y, closeBrowser,
  newBrowserContext, screenshot, signInContext, useServer,
} from "./support.mjs";

const TEAM = 24;

let server;
let owner;
before(async () => {
  server = await useServer();
  owner = await apiRegisterOwner(server.base);
});
after(closeBrowser);

async function ownerPage(t, device = DESKTOP) {
  const context = await newBrowserContext(device);
  t.after(() => context.close());
  await signInContext(context, server.base, owner);
  const page = await context.newPage();
  await page.goto("/schedule");
  await page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
  return page;
}

// The text of a PDF file, laid out as on the page (poppler-utils' pdftotext; pages end with a form feed).
function pdfText(path) {
  try {
    return execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8", maxBuffer: 16 << 20 });
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error("pdftotext is missing: the print test reads the PDF's text with it; install poppler-utils " +
        "(scripts/install-deps.sh, or apt-get install poppler-utils)");
    }
    throw new Error(`pdftotext ${path} failed: ${error.stderr || error.message}`);
  }
}

// Where each row of the grid lies, and whether something clips it: the frame, the page.
function gridLayout(page) {
  return page.evaluate(() => {
    const frame = document.querySelector(".sched-scroll");
    const box = frame.getBoundingClientRect();
    const rows = [...frame.querySelectorAll("tbody tr")].map((row) => {
      const r = row.getBoundingClientRect();
      return { name: row.querySelector("th")?.textContent ?? "", top: r.top, bottom: r.bottom, height: r.height };
    });
    const visible = (selector) => [...document.querySelectorAll(selector)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden").length;
    return {
      frame: { top: box.top, bottom: box.bottom, scrollHeight: frame.scrollHeight, clientHeight: frame.clientHeight,
        scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth },
      page: { scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight },
      rows,
      buttons: visible("main button"),
      nav: visible("nav[aria-label='Main']"),
    };
  });
}

test("a new organisation's owner is shown the first step, Invite your team", async (t) => {
  const page = await ownerPage(t);
  const invite = page.getByRole("link", { name: "Invite your team" });
  await invite.waitFor();
  assert.equal(await page.locator("table.sched").count(), 0, "no empty grid");
  await page.waitForFunction((title) => document.title === title, "Schedule · Shift-Sync");
  await checkA11y(page);
  await screenshot(page, "schedule-first-step-desktop");
  await invite.click();
  await page.getByRole("heading", { level: 1, name: "Team" }).waitFor();
  assertNoPageProblems(page);
});

test("with a team, the desktop schedule scrolls once, and prints every row without buttons", async (t) => {
  const names = [];
  for (let i = 1; i <= TEAM; i++) {
    const invitation = await apiInvite(server.base, owner);
    const person = await apiRegisterInvited(server.base, invitation.token,
      { email: invitation.email, name: `Person ${String(i).padStart(2, "0")}` });
    names.push(person.name);
  }
  const page = await ownerPage(t);
  await page.getByRole("rowheader", { name: /Person 24/ }).waitFor({ state: "attached" });

  // One scroll: the page fits the window; the frame holds the rows that do not.
  let layout = await gridLayout(page);
  assert.ok(layout.page.scrollHeight <= layout.page.innerHeight,
    `the page itself does not scroll (${layout.page.scrollHeight} > ${layout.page.innerHeight})`);
  assert.ok(layout.frame.scrollHeight > layout.frame.clientHeight, "the grid's frame scrolls the rows");
  assert.ok(layout.frame.bottom <= layout.page.innerHeight, "the frame ends inside the window");
  await page.locator(".sched-scroll").evaluate((frame) => { frame.scrollTop = frame.scrollHeight; });
  const head = await page.locator(".sched thead th").first().boundingBox();
  layout = await gridLayout(page);
  assert.ok(Math.abs(head.y - layout.frame.top) <= 2, "the day headings stay in view (sticky)");
  await checkA11y(page);
  await screenshot(page, "schedule-team-desktop");

  // Printed: every row laid out in full, none clipped by the frame, no button, no navigation.
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "schedule-team-print");
  layout = await gridLayout(page);
  assert.equal(layout.rows.length, TEAM + 2, "open shifts, the owner and the team");
  for (const name of names) assert.ok(layout.rows.some((row) => row.name.includes(name)), `${name} has a row`);
  assert.ok(layout.frame.scrollHeight <= layout.frame.clientHeight + 1, "the frame does not scroll when printed");
  for (const row of layout.rows) {
    assert.ok(row.height > 0 && row.top >= layout.frame.top - 1 && row.bottom <= layout.frame.bottom + 1,
      `${row.name}'s row lies inside the printed grid`);
  }
  assert.equal(layout.frame.scrollWidth <= layout.frame.clientWidth + 1, true, "no column cut off at the side");
  assert.equal(layout.buttons, 0, "no button is printed");
  assert.equal(layout.nav, 0, "the navigation is not printed");

  const days = await page.locator(".sched thead th.sched__day").evaluateAll((cells) => cells.map((cell) => ({
    weekday: cell.querySelector(".sched__weekday").textContent,
    date: cell.querySelector(".sched__date").textContent,
  })));
  assert.equal(days.length, 7, "a week of day headings");

  const pdf = await page.pdf({ printBackground: true });
  const dir = join(OUTPUT_DIR, "pdf");
  mkdirSync(dir, { recursive: true });
  const pdfPath = join(dir, "schedule-week.pdf");
  writeFileSync(pdfPath, pdf);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");

  // What the paper shows: every row's name and every day's heading, so a print stylesheet that
  // cuts rows off (a frame that keeps its height and scrolls) fails here even when the DOM has them.
  const text = pdfText(pdfPath);
  const textPath = join(dir, "schedule-week.txt");
  writeFileSync(textPath, text);
  const words = text.replace(/\s+/g, " ");
  const missing = ["Open shifts", owner.name, ...names].filter((name) => !words.includes(name));
  assert.deepEqual(missing, [],
    `every row is printed, but the PDF lacks ${missing.join(", ")} (its text: ${textPath})`);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2, `${TEAM + 2} rows take more than one landscape page (${pages})`);
  // The day headings are two lines (weekday over date) at the head of the grid on every page.
  const printedPages = text.split("\f").filter((pageText) => pageText.trim() !== "");
  assert.equal(printedPages.length, pages, `pdftotext reads the ${pages} pages`);
  // A line holding the words of `list` in order, with any spaces between them.
  const inLine = (list) => list.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, " +"))
    .join(" +");
  const headings = new RegExp(`^ *Employee +${inLine(days.map((day) => day.weekday))} +Hours *\\n` +
    ` *${inLine(days.map((day) => day.date))} *$`, "m");
  printedPages.forEach((pageText, i) => assert.match(pageText, headings,
    `page ${i + 1} of the printed PDF heads the grid with the days ${days.map((day) => `${day.weekday} ${day.date}`)
      .join(", ")} (its text: ${textPath})`));
  await page.emulateMedia({ media: "screen" });
  assertNoPageProblems(page);
});
