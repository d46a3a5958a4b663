// Placeholder until the page lands (issue 5).
export default function MyShiftsPage() {
  return <h1>MyShiftsPage</h1>;
}
