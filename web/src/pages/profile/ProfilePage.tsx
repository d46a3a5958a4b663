// Profile (/profile): the signed-in person's picture, name and position, email preferences, and
// email and password.
import { PageHeader } from "../../components/ui";
import { DetailsForm } from "./DetailsForm";
import { NotificationsForm } from "./NotificationsForm";
import { PictureCard } from "./PictureCard";
import { SignInDetailsForm } from "./SignInDetailsForm";
import "./profile.css";

export default function ProfilePage() {
  return (
    <>
      <PageHeader title="Profile" />
      <div className="profile">
        <div>
          <PictureCard />
          <NotificationsForm />
        </div>
        <div>
          <DetailsForm />
          <SignInDetailsForm />
        </div>
      </div>
    </>
  );
}
