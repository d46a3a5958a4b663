import { afterEach, describe, expect, it, vi } from "vitest";

import { mockApi } from "../test/harness";
import { listShifts, listUsers } from "./endpoints";

afterEach(() => vi.unstubAllGlobals());

describe("paged lists", () => {
  it("follows next_cursor with the same parameters until the last page", async () => {
    const api = mockApi({
      "GET /shifts": (call) => {
        const cursor = call.query.get("cursor");
        if (cursor === null) return { body: { shifts: [{ id: 1 }, { id: 2 }], next_cursor: "p2" } };
        if (cursor === "p2") return { body: { shifts: [{ id: 3 }], next_cursor: "p3" } };
        return { body: { shifts: [], next_cursor: null } };
      },
    });

    const { shifts } = await listShifts("2026-03-30T00:00:00Z", "2026-04-06T00:00:00Z", 7);

    expect(shifts.map((s) => s.id)).toEqual([1, 2, 3]);
    const calls = api.callsTo("GET /shifts");
    expect(calls.map((c) => c.query.get("cursor"))).toEqual([null, "p2", "p3"]);
    for (const call of calls) {
      expect(call.query.get("from")).toBe("2026-03-30T00:00:00Z");
      expect(call.query.get("user_id")).toBe("7");
      expect(call.query.get("limit")).toBe("500");
    }
  });

  it("stops after one page when the answer has no next_cursor", async () => {
    const api = mockApi({ "GET /users": { body: { users: [{ id: 4 }], next_cursor: null } } });
    expect((await listUsers(true)).users.map((u) => u.id)).toEqual([4]);
    expect(api.callsTo("GET /users")).toHaveLength(1);
    expect(api.callsTo("GET /users")[0]?.query.get("include_inactive")).toBe("true");
  });
});
