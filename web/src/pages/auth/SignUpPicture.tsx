// The optional picture of a sign-up form: the picker and cropper, then the chosen square with a
// way to take it back. The square is sent with the form.
import { PicturePicker } from "../profile/PicturePicker";
import { useObjectUrl } from "../profile/useObjectUrl";

interface Props {
  value: Blob | null;
  onChange(picture: Blob | null): void;
  error?: string;
}

export function SignUpPicture({ value, onChange, error }: Props) {
  const url = useObjectUrl(value);
  if (!value) {
    return <PicturePicker label="Picture (optional)" confirmLabel="Use this picture" error={error}
      onPicked={(square) => { onChange(square); return true; }} />;
  }
  return (
    <div className="field">
      <span className="field__label">Picture</span>
      <div className="sign-up-picture">
        {url && <img src={url} alt="Your chosen picture" width={64} height={64} />}
        <button type="button" className="button button--secondary button--small" onClick={() => onChange(null)}>
          Choose another picture
        </button>
      </div>
      {error && <p className="field__error" role="alert">{error}</p>}
    </div>
  );
}
