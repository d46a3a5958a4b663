import { ApiError } from "../api/client";
import { splitError } from "./fieldErrors";

const invalid = (field?: string) => new ApiError(422, {
  type: "https://shiftsync.dev/problems/invalid-input", title: "Invalid input", status: 422,
  detail: "subject must not be empty", field,
}, "subject must not be empty");

describe("splitError", () => {
  it("puts a named field's error next to that field", () => {
    expect(splitError(invalid("subject"), ["subject", "message"])).toEqual({
      fields: { subject: "Subject must not be empty." }, other: null,
    });
  });

  it("keeps errors about other fields, or none, for the whole form", () => {
    const error = invalid("limit");
    expect(splitError(error, ["subject"])).toEqual({ fields: {}, other: error });
    expect(splitError(null, ["subject"])).toEqual({ fields: {}, other: null });
  });
});
