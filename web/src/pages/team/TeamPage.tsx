// Placeholder until the page lands (issue 5).
export default function TeamPage() {
  return <h1>TeamPage</h1>;
}
