// Placeholder until the page lands (issue 5).
export default function SignInPage() {
  return <h1>SignInPage</h1>;
}
