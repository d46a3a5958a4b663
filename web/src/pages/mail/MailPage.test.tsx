import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { expectAccessible, mockApi, problem, renderSignedIn, sessionRoutes, type Route } from "../../test/harness";
import { ben, grace, oscar } from "../team/fixtures";
import { dead, message, sent, waiting } from "./fixtures";
import MailPage from "./MailPage";

afterEach(() => vi.unstubAllGlobals());

// The Mail page as a manager, with `routes` added to (or replacing) the usual answers.
function open(routes: Record<string, Route> = {}) {
  const user = userEvent.setup();
  const api = mockApi({
    ...sessionRoutes(ben),
    "GET /users": { body: { users: [ben, grace, oscar] } },
    "GET /mail": { body: { messages: [sent, dead, waiting], next_cursor: null } },
    ...routes,
  });
  const { container } = renderSignedIn(<MailPage />);
  return { user, api, container };
}

function rowOf(subject: string): HTMLElement {
  const tr = screen.getByText(subject).closest("tr");
  if (!tr) throw new Error(`no row for ${subject}`);
  return tr;
}

describe("Mail page: the outbox", () => {
  it("shows kinds, recipients, statuses, attempts, the last error of failed ones and times in the org's zone", async () => {
    const { container } = open();

    await screen.findByText(dead.subject);
    const deadRow = within(rowOf(dead.subject));
    expect(deadRow.getByText("Invitation")).toBeTruthy();
    expect(deadRow.getByText("new@example.com")).toBeTruthy();
    expect(deadRow.getByText("Failed", { selector: ".badge" }).className).toContain("badge--danger");
    expect(deadRow.getByText("550 mailbox unavailable")).toBeTruthy();
    expect(deadRow.getByText("8")).toBeTruthy();

    const sentRow = within(rowOf(sent.subject));
    expect(sentRow.getByText("Shift changed")).toBeTruthy();
    expect(sentRow.getByText("Sent", { selector: ".badge" }).className).toContain("badge--ok");
    // 09:15:04Z is 10:15 in Berlin (CET).
    expect(sentRow.getByText("Sent", { selector: ".mail-table__when" }).textContent).toMatch(/20.*10:15/);

    const pendingRow = within(rowOf(waiting.subject));
    expect(pendingRow.getByText("Pending", { selector: ".badge" }).className).toBe("badge");
    expect(pendingRow.queryByText("connection refused")).toBeNull();
    expect(pendingRow.getByText(/^Next try/).textContent).toMatch(/10:40/);

    expect(screen.getByText("Times in Europe/Berlin.")).toBeTruthy();
    expect(screen.getByText("That is all.")).toBeTruthy();
    await expectAccessible(container);
  });

  it("offers Retry for dead messages only, calls the retry endpoint, then refreshes", async () => {
    const { user, api } = open({
      "POST /mail/42/retry": {
        status: 202, body: { ...dead, status: "pending", attempts: 0, next_attempt_at: "2026-03-20T10:00:00Z" },
      },
    });

    await screen.findByText(dead.subject);
    const retries = screen.getAllByRole("button", { name: /^Retry/ });
    expect(retries).toHaveLength(1);
    expect(within(rowOf(sent.subject)).queryByRole("button")).toBeNull();

    api.on("GET /mail", { body: { messages: [sent, { ...dead, status: "pending", attempts: 0 }, waiting], next_cursor: null } });
    await user.click(within(rowOf(dead.subject)).getByRole("button", { name: /^Retry/ }));

    expect(api.callsTo("POST /mail/42/retry")).toHaveLength(1);
    expect(api.calls.filter((c) => c.path.endsWith("/retry"))).toHaveLength(1);
    await waitFor(() => expect(api.callsTo("GET /mail")).toHaveLength(2));
    await waitFor(() => expect(within(rowOf(dead.subject)).queryByText("Failed")).toBeNull());
    expect(within(rowOf(dead.subject)).getByText("Pending")).toBeTruthy();
  });

  it("shows the server's refusal of a retry in plain words", async () => {
    const { user } = open({
      "POST /mail/42/retry": problem(409, "conflict", "only dead messages can be retried"),
    });

    await user.click(await screen.findByRole("button", { name: /^Retry/ }));
    expect((await screen.findByRole("alert")).textContent).toBe("Only dead messages can be retried.");
  });

  it("loads older messages with cursor=next_cursor", async () => {
    const { user, api } = open({
      "GET /mail": (call) => call.query.get("cursor") === "c41"
        ? { body: { messages: [message(40, { subject: "An older one" })], next_cursor: null } }
        : { body: { messages: [sent, dead, waiting], next_cursor: "c41" } },
    });

    await user.click(await screen.findByRole("button", { name: "Load older" }));
    expect(await screen.findByText("An older one")).toBeTruthy();
    const pages = api.callsTo("GET /mail");
    expect(pages[0]?.query.get("cursor")).toBeNull();
    expect(pages[1]?.query.get("cursor")).toBe("c41");
    expect(screen.getByText(sent.subject)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load older" })).toBeNull();
    expect(screen.getByText("That is all.")).toBeTruthy();
  });

  it("says so when the outbox is empty", async () => {
    open({ "GET /mail": { body: { messages: [], next_cursor: null } } });
    expect(await screen.findByText("No email yet")).toBeTruthy();
  });
});

describe("Mail page: emailing staff", () => {
  it("sends to chosen people and names those who turned email off", async () => {
    const { user, api, container } = open({
      "POST /mail": { status: 202, body: { message_ids: [51], skipped_user_ids: [9] } },
    });

    await user.click(await screen.findByLabelText("Chosen people"));
    await user.click(await screen.findByRole("checkbox", { name: /Grace Hopper/ }));
    await user.click(screen.getByRole("checkbox", { name: /Oscar Owner/ }));
    await user.type(screen.getByLabelText("Subject"), "Inventory");
    await user.type(screen.getByLabelText("Message"), "Please count the cups.");
    await expectAccessible(container);
    await user.click(screen.getByRole("button", { name: "Send" }));

    const notice = await screen.findByText(/Sent to 1 person\./);
    expect(notice.textContent).toContain("Not sent to Oscar Owner: they turned off non-essential email.");
    expect(api.callsTo("POST /mail")[0]?.body).toEqual({ to: [7, 9], subject: "Inventory", message: "Please count the cups." });
    expect((screen.getByLabelText("Subject") as HTMLInputElement).value).toBe("");
    await waitFor(() => expect(api.callsTo("GET /mail")).toHaveLength(2));
  });

  it("sends to everyone as \"all\"", async () => {
    const { user, api } = open({
      "POST /mail": { status: 202, body: { message_ids: [51, 52, 53], skipped_user_ids: [] } },
    });

    expect((await screen.findByLabelText(/^Everyone \(3 people\)/) as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByLabelText("Subject"), "Staff meeting");
    await user.type(screen.getByLabelText("Message"), "Friday 15:00.");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect((await screen.findByRole("status")).textContent).toBe("Sent to 3 people.");
    expect(api.callsTo("POST /mail")[0]?.body).toEqual({ to: "all", subject: "Staff meeting", message: "Friday 15:00." });
  });

  it("puts the server's complaint about the subject next to the subject field", async () => {
    const { user } = open({
      "POST /mail": problem(422, "invalid-input", "subject must not contain control characters", "subject"),
    });

    await user.type(await screen.findByLabelText("Subject"), "Hello");
    await user.type(screen.getByLabelText("Message"), "Hi all");
    await user.click(screen.getByRole("button", { name: "Send" }));

    const subject = screen.getByLabelText("Subject");
    const text = await screen.findByText("Subject must not contain control characters.");
    expect(subject.getAttribute("aria-invalid")).toBe("true");
    expect(subject.getAttribute("aria-describedby")).toContain(text.id);
    expect(screen.getByLabelText("Message").getAttribute("aria-invalid")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("checks the form before sending: nobody chosen, no subject, no message", async () => {
    const { user, api } = open();

    await user.click(await screen.findByLabelText("Chosen people"));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByText("Choose at least one person.")).toBeTruthy();
    expect(screen.getByText("Write a subject.")).toBeTruthy();
    expect(screen.getByText("Write a message.")).toBeTruthy();
    expect(screen.getByRole("group", { name: "To" }).getAttribute("aria-describedby")).toBeTruthy();
    expect(api.callsTo("POST /mail")).toHaveLength(0);
  });
});
