// Placeholder until the page lands (issue 5).
export default function MailPage() {
  return <h1>MailPage</h1>;
}
