// /mail (managers and owners): email the staff, and follow what Shift-Sync has sent.
import { listUsers } from "../../api/endpoints";
import { useSignedIn } from "../../app/session";
import { PageHeader } from "../../components/ui";
import { useLoad } from "../../lib/useLoad";
import { MailForm } from "./MailForm";
import { OutboxList } from "./OutboxList";
import { useOutbox } from "./useOutbox";
import "./mail.css";

export default function MailPage() {
  const { organization } = useSignedIn();
  const outbox = useOutbox();
  const colleagues = useLoad(() => listUsers(false), []);
  return (
    <div className="mail">
      <PageHeader title="Mail" />
      <div className="mail__layout">
        <MailForm colleagues={colleagues.data?.users} colleaguesError={colleagues.error}
          onSent={() => void outbox.refresh()} />
        <OutboxList outbox={outbox} zone={organization.time_zone} />
      </div>
    </div>
  );
}
