// Placeholder until the page lands (issue 5).
export default function RegisterPage() {
  return <h1>RegisterPage</h1>;
}
