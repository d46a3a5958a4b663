import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { expectAccessible, mockApi, problem } from "../../test/harness";
import { renderCrop } from "../profile/renderCrop";
import { choosePicture, photo, stubObjectUrls } from "../profile/testing";
import CreateOrganizationPage from "./CreateOrganizationPage";
import { SIGNED_OUT, descriptionOf, findWhere, lastRequest, renderPage, sessionOf } from "./testing";
import { browserTimeZone } from "./timeZones";

vi.mock("../profile/renderCrop", () => ({
  renderCrop: vi.fn(async () => new Blob(["a square jpeg"], { type: "image/jpeg" })),
}));

afterEach(() => vi.unstubAllGlobals());

function open() {
  return renderPage("/create-organization", "/create-organization", <CreateOrganizationPage />);
}

async function fillIn(user = userEvent.setup()) {
  await user.type(screen.getByLabelText("Your name"), "Ada Lovelace");
  await user.type(screen.getByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), "correct horse battery staple");
  await user.type(screen.getByLabelText("Position (optional)"), "Head chef");
  await user.type(screen.getByLabelText("Organisation name"), "Cafe Lumen");
  await user.selectOptions(screen.getByLabelText("Time zone"), "Europe/Berlin");
  await user.selectOptions(screen.getByLabelText("First day of the week"), "sunday");
  return user;
}

const submit = (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole("button", { name: "Create organisation" }));

describe("Create an organisation", () => {
  it("preselects the browser's time zone and Monday, and shows the password rule", async () => {
    mockApi(SIGNED_OUT);
    const { container } = open();
    const zone = screen.getByLabelText<HTMLSelectElement>("Time zone");
    expect(zone.value).toBe(browserTimeZone());
    expect(zone.options.length).toBeGreaterThan(100);
    expect(screen.getByLabelText<HTMLSelectElement>("First day of the week").value).toBe("monday");
    expect(descriptionOf(screen.getByLabelText("Password"))).toMatch(/at least 12 characters/i);
    expect(screen.getByLabelText("Password").getAttribute("autocomplete")).toBe("new-password");
    expect(screen.getByLabelText("Position (optional)").getAttribute("autocomplete")).toBe("organization-title");
    await expectAccessible(container);
  });

  it("posts the owner and the organisation as JSON and goes to the schedule", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/register": { status: 201, body: sessionOf() } });
    open();
    await submit(await fillIn());
    expect((await findWhere()).textContent).toBe("/schedule");
    expect(api.callsTo("POST /auth/register").map((c) => c.body)).toEqual([{
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "correct horse battery staple",
      position: "Head chef",
      organization: { name: "Cafe Lumen", time_zone: "Europe/Berlin", week_start: "sunday" },
    }]);
  });

  it("sends a multipart form with the cropped picture when one is chosen", async () => {
    stubObjectUrls();
    mockApi({ ...SIGNED_OUT, "POST /auth/register": { status: 201, body: sessionOf() } });
    open();
    const user = await fillIn();
    const image = await choosePicture(user, "Picture (optional)", photo("me.png", "image/png"), 1200, 800);
    await user.click(screen.getByRole("button", { name: "Use this picture" }));
    expect(renderCrop).toHaveBeenCalledWith(image, { sx: 200, sy: 0, size: 800 });
    expect(await screen.findByAltText("Your chosen picture")).toBeTruthy();

    await submit(user);
    await findWhere();
    const form = lastRequest("POST", "/auth/register").body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(form.get("name")).toBe("Ada Lovelace");
    expect(form.get("email")).toBe("ada@example.com");
    expect(form.get("password")).toBe("correct horse battery staple");
    expect(form.get("position")).toBe("Head chef");
    expect(form.get("organization.name")).toBe("Cafe Lumen");
    expect(form.get("organization.time_zone")).toBe("Europe/Berlin");
    expect(form.get("organization.week_start")).toBe("sunday");
    const picture = form.get("picture");
    expect(picture).toBeInstanceOf(Blob);
    expect((picture as Blob).type).toBe("image/jpeg");
  });

  it("shows the server's field errors next to their fields", async () => {
    const api = mockApi({
      ...SIGNED_OUT,
      "POST /auth/register": problem(422, "invalid-input", "unknown time zone: Europe/Berlin", "organization.time_zone"),
    });
    open();
    const user = await fillIn();
    await submit(user);
    const zone = screen.getByLabelText("Time zone");
    expect(await screen.findByText("Unknown time zone: Europe/Berlin.")).toBeTruthy();
    expect(descriptionOf(zone)).toContain("Unknown time zone: Europe/Berlin.");
    expect(zone.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(zone);

    api.on("POST /auth/register", problem(409, "email-taken", "this email is already registered", "email"));
    await submit(user);
    const email = screen.getByLabelText("Email");
    expect(await screen.findByText(/already registered\. Sign in instead/)).toBeTruthy();
    expect(descriptionOf(email)).toMatch(/already registered/);
    expect(descriptionOf(zone)).not.toContain("Unknown time zone");
  });

  it("says to ask for an invitation when new organisations are closed", async () => {
    mockApi({
      ...SIGNED_OUT,
      "POST /auth/register": problem(403, "registration-closed", "new organisations cannot be created here"),
    });
    open();
    await submit(await fillIn());
    expect((await screen.findByRole("alert")).textContent).toMatch(/ask your organisation for an invitation/i);
  });

  it("checks the password length before sending anything, and forgets the error once edited", async () => {
    const api = mockApi(SIGNED_OUT);
    open();
    const user = await fillIn();
    const password = screen.getByLabelText("Password");
    await user.clear(password);
    await user.type(password, "too short");
    await submit(user);
    expect(descriptionOf(password)).toContain("Use at least 12 characters (this one has 9).");
    expect(document.activeElement).toBe(password);
    expect(api.callsTo("POST /auth/register")).toHaveLength(0);
    await user.type(password, " after all");
    expect(descriptionOf(password)).not.toContain("Use at least 12 characters");
  });

  it("refuses pictures of other types or over 10 MB in plain words, and shows the server's picture error", async () => {
    stubObjectUrls();
    mockApi({
      ...SIGNED_OUT,
      "POST /auth/register": problem(422, "invalid-picture", "the file is not a PNG image", "picture"),
    });
    open();
    const user = userEvent.setup({ applyAccept: false });
    const input = screen.getByLabelText("Picture (optional)");
    await user.upload(input, photo("me.gif", "image/gif"));
    expect(descriptionOf(input)).toContain("Choose a JPEG, PNG or WebP picture.");
    const huge = photo("huge.jpg");
    Object.defineProperty(huge, "size", { value: 12 * 1024 * 1024 });
    await user.upload(input, huge);
    expect(descriptionOf(input)).toContain("it can be 10 MB at most");
    expect(screen.queryByAltText("The chosen picture")).toBeNull();

    await fillIn(user);
    await choosePicture(user, "Picture (optional)", photo("me.png", "image/png"));
    await user.click(screen.getByRole("button", { name: "Use this picture" }));
    await submit(user);
    const error = await screen.findByText("The file is not a PNG image.");
    expect(within(error.closest(".field") as HTMLElement).getByAltText("Your chosen picture")).toBeTruthy();
  });
});
