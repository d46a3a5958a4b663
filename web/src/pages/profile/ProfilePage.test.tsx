import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "../../api/types";
import { expectAccessible, mockApi, problem, sessionRoutes } from "../../test/harness";
import { ADA, descriptionOf, findWhere, lastRequest, renderSignedInPage } from "../auth/testing";
import ProfilePage from "./ProfilePage";
import { renderCrop } from "./renderCrop";
import { choosePicture, photo, stubObjectUrls } from "./testing";

vi.mock("./renderCrop", () => ({
  renderCrop: vi.fn(async () => new Blob(["a square jpeg"], { type: "image/jpeg" })),
}));

afterEach(() => vi.unstubAllGlobals());

const PICTURE_URL = "/api/v1/users/1/picture?v=3";

function setUp(routes = {}) {
  const api = mockApi({
    ...sessionRoutes(ADA),
    "PATCH /me": ({ body }) => ({ body: { ...ADA, ...(body as Partial<User>) } }),
    ...routes,
  });
  const view = renderSignedInPage("/profile", "/profile", <ProfilePage />);
  return { api, view };
}

describe("Profile", () => {
  it("shows the person's details and is accessible", async () => {
    const { view } = setUp();
    expect((await screen.findByLabelText<HTMLInputElement>("Your name")).value).toBe("Ada Lovelace");
    expect(screen.getByLabelText<HTMLInputElement>("Position").value).toBe("Head chef");
    expect(screen.getAllByLabelText<HTMLInputElement>("Email")[0]?.value).toBe("ada@example.com");
    expect(screen.getByLabelText("Current password").getAttribute("autocomplete")).toBe("current-password");
    expect(screen.getByLabelText("New password (optional)").getAttribute("autocomplete")).toBe("new-password");
    await expectAccessible(view.container);
  });

  it("saves the name and position", async () => {
    const { api } = setUp();
    const user = userEvent.setup();
    const name = await screen.findByLabelText("Your name");
    await user.clear(name);
    await user.type(name, "Ada King");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Your name and position are saved.")).toBeTruthy();
    expect(api.callsTo("PATCH /me").map((c) => c.body)).toEqual([{ name: "Ada King", position: "Head chef" }]);
  });

  it("does not offer employees their position, which their manager sets, and saves the name alone", async () => {
    const emma: User = { ...ADA, id: 2, name: "Emma", email: "emma@example.com", role: "employee", position: "Baker" };
    const api = mockApi({
      ...sessionRoutes(emma),
      "PATCH /me": ({ body }) => ({ body: { ...emma, ...(body as Partial<User>) } }),
    });
    const view = renderSignedInPage("/profile", "/profile", <ProfilePage />);
    const user = userEvent.setup();
    const name = await screen.findByLabelText("Your name");
    expect(screen.queryByLabelText("Position")).toBeNull();
    expect(screen.getByText(/Position: Baker\. Your manager sets it/)).toBeTruthy();
    await user.clear(name);
    await user.type(name, "Emma Baker");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Your name is saved.")).toBeTruthy();
    expect(api.callsTo("PATCH /me").map((c) => c.body)).toEqual([{ name: "Emma Baker" }]);
    await expectAccessible(view.container);
  });

  it("changes the password with the current one, then signs in again with a word why", async () => {
    const { api } = setUp();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New password (optional)"), "a brand new passphrase");
    await user.type(screen.getByLabelText("Current password"), "correct horse battery staple");
    await user.click(screen.getByRole("button", { name: "Change and sign out" }));

    const where = await findWhere();
    expect(where.textContent).toBe("/sign-in");
    expect(where.dataset.notice).toMatch(/password was changed .* signed out everywhere/);
    expect(where.dataset.sessionEnded).toBe("true");
    expect(api.callsTo("PATCH /me").map((c) => c.body))
      .toEqual([{ current_password: "correct horse battery staple", password: "a brand new passphrase" }]);
  });

  it("shows a wrong current password next to that field and stays", async () => {
    setUp({ "PATCH /me": problem(422, "invalid-input", "current_password is wrong", "current_password") });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New password (optional)"), "a brand new passphrase");
    const current = screen.getByLabelText("Current password");
    await user.type(current, "a guess at it");
    await user.click(screen.getByRole("button", { name: "Change and sign out" }));
    await screen.findByText("That is not your current password.");
    expect(descriptionOf(current)).toContain("That is not your current password.");
    expect(screen.queryByTestId("where")).toBeNull();
  });

  it("asks for the current password and a change before sending", async () => {
    const { api } = setUp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Change and sign out" }));
    expect(descriptionOf(screen.getByLabelText("Current password"))).toContain("Enter your current password.");
    expect(descriptionOf(screen.getByLabelText("New password (optional)"))).toContain("Enter a new password");
    expect(api.callsTo("PATCH /me")).toHaveLength(0);
  });

  it("turns email notifications off and on", async () => {
    const { api } = setUp();
    const user = userEvent.setup();
    const box = await screen.findByRole<HTMLInputElement>("checkbox", { name: /email me about my shifts/i });
    expect(box.checked).toBe(true);
    await user.click(box);
    expect(await screen.findByText("You will get only essential emails.")).toBeTruthy();
    expect(box.checked).toBe(false);
    await user.click(box);
    await screen.findByText("You will get emails about your shifts and announcements.");
    expect(api.callsTo("PATCH /me").map((c) => c.body))
      .toEqual([{ email_notifications: false }, { email_notifications: true }]);
  });

  it("uploads the chosen square of a picture, then removes it", async () => {
    stubObjectUrls();
    const { api } = setUp({
      "PUT /me/picture": { body: { ...ADA, picture_url: PICTURE_URL } },
      "DELETE /me/picture": { body: ADA },
    });
    const user = userEvent.setup();
    await screen.findByLabelText("Your name");
    const image = await choosePicture(user, "New picture", photo(), 1200, 800);
    fireEvent.change(screen.getByLabelText("Zoom"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Left to right"), { target: { value: "0" } });
    await user.click(screen.getByRole("button", { name: "Upload picture" }));

    expect(await screen.findByText("Your new picture is saved.")).toBeTruthy();
    expect(renderCrop).toHaveBeenLastCalledWith(image, { sx: 0, sy: 200, size: 400 });
    const sent = lastRequest("PUT", "/me/picture");
    expect((sent.headers as Record<string, string>)["Content-Type"]).toBe("image/jpeg");
    expect(sent.body).toBeInstanceOf(Blob);
    expect(screen.queryByAltText("The chosen picture")).toBeNull(); // the cropper closed
    expect(document.querySelector(`img.avatar[src="${PICTURE_URL}"]`)).not.toBeNull();

    await user.click(screen.getByRole("button", { name: "Remove picture" }));
    expect(await screen.findByText(/your initials are shown instead/)).toBeTruthy();
    expect(api.callsTo("DELETE /me/picture")).toHaveLength(1);
    expect(document.querySelector("img.avatar")).toBeNull();
  });

  it("shows the server's refusal of a picture next to the picture and keeps the cropper open", async () => {
    stubObjectUrls();
    setUp({ "PUT /me/picture": problem(422, "invalid-picture", "the file is not a JPEG image", "picture") });
    const user = userEvent.setup();
    await screen.findByLabelText("Your name");
    await choosePicture(user, "New picture", photo());
    await user.click(screen.getByRole("button", { name: "Upload picture" }));
    await screen.findByText("The file is not a JPEG image.");
    expect(descriptionOf(screen.getByLabelText("New picture"))).toContain("The file is not a JPEG image.");
    expect(screen.getByAltText("The chosen picture")).toBeTruthy();
  });
});
