// The person's picture: the current one, a new one chosen, cropped to a square and uploaded
// (PUT /me/picture), or removed (DELETE /me/picture).
import type { ApiError } from "../../api/client";
import { deleteMyPicture, putMyPicture } from "../../api/endpoints";
import { useSession, useSignedIn } from "../../app/session";
import { Avatar, ErrorMessage } from "../../components/ui";
import { PicturePicker } from "./PicturePicker";
import { useSave } from "./useSave";

function words(error: ApiError): string | null {
  return error.status === 413 ? "This picture is over 10 MB. Choose a smaller one." : null;
}

export function PictureCard() {
  const { me } = useSignedIn();
  const { setMe } = useSession();
  const { busy, errors, done, run } = useSave(["picture"], words);

  const upload = (square: Blob) => run(async () => {
    setMe(await putMyPicture(square));
    return "Your new picture is saved.";
  });
  const remove = () => void run(async () => {
    setMe(await deleteMyPicture());
    return "Your picture is removed; your initials are shown instead.";
  });

  return (
    <section className="card" aria-labelledby="profile-picture">
      <h2 id="profile-picture">Picture</h2>
      <div className="profile__picture">
        <Avatar name={me.name} url={me.picture_url} size={96} />
        <div>
          <p className="muted">{me.picture_url ? "Your colleagues see this picture." : "No picture yet: your initials are shown."}</p>
          {me.picture_url && (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={remove}>
              Remove picture
            </button>
          )}
        </div>
      </div>
      <ErrorMessage error={errors.page} />
      <PicturePicker label="New picture" confirmLabel="Upload picture" busy={busy} error={errors.fields.picture}
        onPicked={upload} />
      <p className="profile__status" role="status">{done}</p>
    </section>
  );
}
