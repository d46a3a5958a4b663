// Placeholder until the page lands (issue 5).
export default function CreateOrganizationPage() {
  return <h1>CreateOrganizationPage</h1>;
}
