import { assignableRoles, invitableRoles, mayManage, whyRoleFixed } from "./roles";

describe("role rules", () => {
  it("lets owners invite any role and managers up to manager", () => {
    expect(invitableRoles("owner")).toEqual(["employee", "manager", "owner"]);
    expect(invitableRoles("manager")).toEqual(["employee", "manager"]);
    expect(invitableRoles("employee")).toEqual([]);
  });

  it("keeps managers away from owners", () => {
    expect(mayManage("manager", "owner")).toBe(false);
    expect(mayManage("manager", "manager")).toBe(true);
    expect(mayManage("owner", "owner")).toBe(true);
    expect(mayManage("employee", "employee")).toBe(false);
  });

  it("offers managers only employee -> manager, never a demotion or an owner", () => {
    expect(assignableRoles("manager", "employee", false)).toEqual(["employee", "manager"]);
    expect(assignableRoles("manager", "manager", false)).toEqual([]);
    expect(assignableRoles("manager", "owner", false)).toEqual([]);
    expect(assignableRoles("owner", "owner", false)).toEqual(["employee", "manager", "owner"]);
  });

  it("never offers a change of one's own role", () => {
    expect(assignableRoles("owner", "owner", true)).toEqual([]);
    expect(whyRoleFixed("owner", "owner", true)).toBe("Nobody changes their own role.");
    expect(whyRoleFixed("manager", "manager", false)).toBe("Only an owner can change a manager's role.");
  });
});
