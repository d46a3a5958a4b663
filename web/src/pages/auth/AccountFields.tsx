// The person's own fields of both sign-up forms: name, email, password and position.
import type { RegisterInput } from "../../api/types";
import { TextField } from "../../components/ui";
import { PASSWORD_HINT, checkEmail, checkNewPassword, checkRequired } from "./checks";

interface Props {
  errors: Partial<Record<string, string>>;
  emailHint?: string;
  positionHint?: string;
  // The address is given (an invitation's): shown filled in and read-only.
  fixedEmail?: string;
}

export function AccountFields({ errors, emailHint, positionHint, fixedEmail }: Props) {
  return (
    <>
      <TextField label="Your name" name="name" autoComplete="name" required maxLength={100} error={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" inputMode="email" required
        maxLength={254} spellCheck={false} hint={emailHint} error={errors.email}
        {...(fixedEmail !== undefined ? { defaultValue: fixedEmail, readOnly: true } : {})} />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={12}
        maxLength={128} hint={PASSWORD_HINT} error={errors.password} />
      <TextField label="Position (optional)" name="position" autoComplete="organization-title" maxLength={100}
        hint={positionHint ?? "Your job, such as Barista or Shift lead."} error={errors.position} />
    </>
  );
}

// The checks the browser can make before anything is sent; keys are the fields' names.
export function checkAccount(value: (name: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = checkRequired(value("name"), "your name");
  const email = checkEmail(value("email"));
  const password = checkNewPassword(value("password"));
  if (name) errors.name = name;
  if (email) errors.email = email;
  if (password) errors.password = password;
  return errors;
}

// The person's part of a registration, as typed (position left out when empty: with an
// invitation the server then takes the invitation's).
export function accountInput(value: (name: string) => string): RegisterInput {
  const position = value("position").trim();
  return {
    name: value("name").trim(),
    email: value("email").trim(),
    password: value("password"),
    ...(position ? { position } : {}),
  };
}
