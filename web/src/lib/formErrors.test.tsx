import { act, fireEvent, render, screen } from "@testing-library/react";

import { ApiError } from "../api/client";
import { placeError, useFormErrors, type FormErrors } from "./formErrors";

const problem = (status: number, slug: string, detail: string, field?: string) => new ApiError(status, {
  type: `https://shiftsync.dev/problems/${slug}`, title: slug, status, detail, field,
}, detail);
const invalid = (field?: string) => problem(422, "invalid-input", "subject must not be empty", field);

describe("placeError", () => {
  it("puts a named field's error next to that field", () => {
    expect(placeError(invalid("subject"), ["subject", "message"])).toEqual({
      fields: { subject: "Subject must not be empty." }, page: null,
    });
  });

  it("keeps errors about other fields, or about none, for the whole form", () => {
    expect(placeError(invalid("limit"), ["subject"])).toEqual({ fields: {}, page: "Subject must not be empty." });
    expect(placeError(invalid(), ["subject"])).toEqual({ fields: {}, page: "Subject must not be empty." });
    expect(placeError(new Error("boom"), ["subject"])).toEqual({ fields: {}, page: "Something went wrong. Please try again." });
    expect(placeError(new ApiError(0, null, "offline"), ["subject"]).page).toMatch(/cannot be reached/);
  });

  it("places nothing when there is no error", () => {
    expect(placeError(null, ["subject"])).toEqual({ fields: {}, page: null });
    expect(placeError(undefined, ["subject"])).toEqual({ fields: {}, page: null });
  });

  it("uses the caller's words where it has some, wherever the message lands", () => {
    const words = (e: ApiError) => (e.kind === "invalid-input" ? "Write a subject." : null);
    expect(placeError(invalid("subject"), ["subject"], words).fields).toEqual({ subject: "Write a subject." });
    expect(placeError(invalid(), ["subject"], words).page).toBe("Write a subject.");
    expect(placeError(problem(409, "conflict", "taken"), ["subject"], words).page).toBe("Taken.");
  });

  it("puts a 409 email-taken next to the email field, even unnamed", () => {
    const taken = problem(409, "email-taken", "this email is already registered");
    expect(placeError(taken, ["name", "email"]).fields).toEqual({ email: "This email is already registered." });
    expect(placeError(taken, ["name"]).page).toBe("This email is already registered.");
  });
});

// A form with two fields whose errors come from `found` when it is submitted.
function Form({ found }: { found: FormErrors }) {
  const { form, errors, fail, edited } = useFormErrors();
  return (
    <form ref={form} onInput={edited} onSubmit={(e) => { e.preventDefault(); fail(found); }}>
      {["name", "email"].map((name) => (
        <label key={name}>
          {name}
          <input name={name} aria-invalid={errors.fields[name] ? true : undefined} />
          {errors.fields[name] && <span>{errors.fields[name]}</span>}
        </label>
      ))}
      {errors.page && <p role="alert">{errors.page}</p>}
      <button type="submit">Send</button>
    </form>
  );
}

describe("useFormErrors", () => {
  it("focuses the first invalid field after each failed attempt, and forgets a field's error once edited", () => {
    render(<Form found={{ fields: { email: "Enter your email." }, page: null }} />);
    const email = screen.getByLabelText("email");
    act(() => screen.getByRole("button", { name: "Send" }).focus());
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(document.activeElement).toBe(email);
    expect(screen.getByText("Enter your email.")).toBeTruthy();

    fireEvent.input(screen.getByLabelText("name"), { target: { value: "Ada" } });
    expect(screen.getByText("Enter your email.")).toBeTruthy(); // another field's edit keeps it
    fireEvent.input(email, { target: { value: "ada@example.com" } });
    expect(screen.queryByText("Enter your email.")).toBeNull();
    expect(email.getAttribute("aria-invalid")).toBeNull();

    act(() => screen.getByRole("button", { name: "Send" }).focus());
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(document.activeElement).toBe(email); // again on the next attempt
  });

  it("shows an error for the whole form without moving focus", () => {
    render(<Form found={{ fields: {}, page: "Try again later." }} />);
    const send = screen.getByRole("button", { name: "Send" });
    act(() => send.focus());
    fireEvent.click(send);
    expect(screen.getByRole("alert").textContent).toBe("Try again later.");
    expect(document.activeElement).toBe(send);
  });
});
