// Placeholder until the page lands (issue 5).
export default function SchedulePage() {
  return <h1>SchedulePage</h1>;
}
