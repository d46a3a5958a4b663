// Plain checks made before a form is sent (the server checks again), in words people read.

// The server's password rule: 12 to 128 characters (code points), said before it is broken.
export const PASSWORD_HINT = "At least 12 characters. A phrase of a few words is easy to remember.";

export function checkNewPassword(password: string): string | null {
  const length = [...password].length;
  if (length < 12) return `Use at least 12 characters (this one has ${length}).`;
  if (length > 128) return "Use at most 128 characters.";
  return null;
}

export function checkRequired(value: string, what: string): string | null {
  return value.trim() ? null : `Enter ${what}.`;
}

export function checkEmail(email: string): string | null {
  if (!email.trim()) return "Enter your email address.";
  return /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? null : "Enter an email address like name@example.com.";
}
