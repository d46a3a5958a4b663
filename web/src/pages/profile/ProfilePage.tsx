// Placeholder until the page lands (issue 5).
export default function ProfilePage() {
  return <h1>ProfilePage</h1>;
}
