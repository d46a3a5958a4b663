import { message } from "./fixtures";
import { appendOlder, bodyNote, kindLabel, mergeNewest, replaceMessage } from "./outbox";

const ids = (l: { messages: { id: number }[] }) => l.messages.map((m) => m.id);

describe("outbox", () => {
  it("names kinds in plain words, new ones too", () => {
    expect(kindLabel("shift_changed")).toBe("Shift changed");
    expect(kindLabel("pattern_assigned")).toBe("Weekly pattern");
    expect(kindLabel("invitation")).toBe("Invitation");
    expect(kindLabel("shift_swap_offer")).toBe("Shift swap offer");
  });

  it("takes a fresh page that is not full as the whole outbox", () => {
    const loaded = { messages: [message(5), message(4)], nextCursor: "c4" };
    const merged = mergeNewest(loaded, { messages: [message(6), message(5)], next_cursor: null });
    expect(merged).toEqual({ messages: [message(6), message(5)], nextCursor: null });
  });

  it("keeps older pages already loaded when the fresh page reaches them", () => {
    const loaded = { messages: [message(9), message(8), message(7), message(6)], nextCursor: "c6" };
    const merged = mergeNewest(loaded, { messages: [message(10), message(9, { status: "dead" })], next_cursor: "c9" });
    expect(ids(merged)).toEqual([10, 9, 8, 7, 6]);
    expect(merged.messages[1]?.status).toBe("dead");
    expect(merged.nextCursor).toBe("c6");
  });

  it("starts over when more than a page arrived since (no gap in the list)", () => {
    const loaded = { messages: [message(3), message(2)], nextCursor: "c2" };
    const merged = mergeNewest(loaded, { messages: [message(9), message(8)], next_cursor: "c8" });
    expect(merged).toEqual({ messages: [message(9), message(8)], nextCursor: "c8" });
  });

  it("appends an older page without repeating messages, and replaces one message", () => {
    const loaded = { messages: [message(9), message(8)], nextCursor: "c8" };
    const older = appendOlder(loaded, { messages: [message(8), message(7)], next_cursor: null });
    expect(ids(older)).toEqual([9, 8, 7]);
    expect(older.nextCursor).toBeNull();
    expect(replaceMessage(older, message(8, { status: "pending" })).messages[1]?.status).toBe("pending");
  });
});

describe("bodyNote", () => {
  it("says why the outbox no longer holds a message's text", () => {
    expect(bodyNote(message(1))).toBeNull();
    expect(bodyNote(message(2, { kind: "password_reset", body: "redacted" }))).toBe("Link removed after delivery");
    expect(bodyNote(message(3, { body: "purged" }))).toBe("Text deleted after the retention period");
  });
});
