import { describe, expect, it } from "vitest";
import {
  accountsFor,
  activationRefusal,
  assignmentChanges,
  assignmentRefusal,
  canManageUsers,
  changeRefusal,
  inviteRefusal,
  removesLastAdmin,
  resendRefusal,
  USERNAME_PATTERN,
  usernameCandidates,
  type OrgUserFacts,
} from "./org-users";
import { ALL_ROLES, type Actor, type Role } from "./permissions";

const ORG = 1;
const OTHER_ORG = 2;
const OWN_ACCOUNTS = [11, 12, 13];

const actor = (role: Role, organisationId: number | null = ORG, userId = 1): Actor => ({
  userId,
  role,
  organisationId,
  assignedAccountIds: [],
});
const admin = actor("org_admin");

const user = (over: Partial<OrgUserFacts> = {}): OrgUserFacts => ({
  id: 2,
  role: "location",
  organisationId: ORG,
  active: true,
  invited: false,
  ...over,
});

const facts = (activeOrgAdmins: number) => ({ organisationAccountIds: OWN_ACCOUNTS, activeOrgAdmins });

describe("who manages users", () => {
  it("only an org_admin with an organisation", () => {
    for (const role of ALL_ROLES) expect(canManageUsers(actor(role)), role).toBe(role === "org_admin");
    expect(canManageUsers(actor("org_admin", null))).toBe(false);
  });

  it("anyone else is refused every action as not_admin, before anything about the target", () => {
    for (const role of ALL_ROLES.filter((r) => r !== "org_admin")) {
      const a = actor(role);
      expect(inviteRefusal(a, { role: "location", accountIds: [11] }, OWN_ACCOUNTS)).toBe("not_admin");
      expect(changeRefusal(a, user(), { role: "location", accountIds: [11] }, facts(1))).toBe("not_admin");
      expect(activationRefusal(a, user(), false, { activeOrgAdmins: 1 })).toBe("not_admin");
      expect(resendRefusal(a, user({ invited: true }))).toBe("not_admin");
    }
  });

  it("another organisation's user does not exist for the org_admin", () => {
    const foreign = user({ organisationId: OTHER_ORG });
    expect(changeRefusal(admin, foreign, { role: "head_office", accountIds: [] }, facts(2))).toBe("not_found");
    expect(activationRefusal(admin, foreign, false, { activeOrgAdmins: 2 })).toBe("not_found");
    expect(activationRefusal(admin, foreign, true, { activeOrgAdmins: 2 })).toBe("not_found");
    expect(resendRefusal(admin, { ...foreign, invited: true })).toBe("not_found");
    // Network staff have no organisation: not the org_admin's either.
    expect(changeRefusal(admin, user({ role: "analyst", organisationId: null }), { role: "location", accountIds: [11] }, facts(2))).toBe(
      "not_found",
    );
    expect(changeRefusal(admin, null, { role: "location", accountIds: [11] }, facts(2))).toBe("not_found");
  });
});

describe("role and accounts", () => {
  it("only the three merchant roles", () => {
    for (const role of ["analyst", "admin", "", "root", "ORG_ADMIN"]) {
      expect(assignmentRefusal({ role, accountIds: [11] }, OWN_ACCOUNTS), role).toBe("role");
    }
    for (const role of ["head_office", "org_admin"]) expect(assignmentRefusal({ role, accountIds: [] }, OWN_ACCOUNTS)).toBeNull();
  });

  it("a location user needs at least one account, every one of them the organisation's", () => {
    expect(assignmentRefusal({ role: "location", accountIds: [] }, OWN_ACCOUNTS)).toBe("accounts_required");
    expect(assignmentRefusal({ role: "location", accountIds: [11] }, OWN_ACCOUNTS)).toBeNull();
    expect(assignmentRefusal({ role: "location", accountIds: [11, 13] }, OWN_ACCOUNTS)).toBeNull();
    expect(assignmentRefusal({ role: "location", accountIds: [11, 99] }, OWN_ACCOUNTS)).toBe("foreign_account");
    expect(assignmentRefusal({ role: "location", accountIds: [99] }, [])).toBe("foreign_account");
  });

  it("invitations follow the same rules", () => {
    expect(inviteRefusal(admin, { role: "location", accountIds: [12] }, OWN_ACCOUNTS)).toBeNull();
    expect(inviteRefusal(admin, { role: "location", accountIds: [] }, OWN_ACCOUNTS)).toBe("accounts_required");
    expect(inviteRefusal(admin, { role: "location", accountIds: [21] }, OWN_ACCOUNTS)).toBe("foreign_account");
    expect(inviteRefusal(admin, { role: "analyst", accountIds: [] }, OWN_ACCOUNTS)).toBe("role");
  });

  it("only a location keeps accounts, sorted and without repeats", () => {
    expect(accountsFor("location", [13, 11, 13])).toEqual([11, 13]);
    expect(accountsFor("head_office", [11])).toEqual([]);
    expect(accountsFor("org_admin", [11])).toEqual([]);
  });

  it("the audit trail records only what changed", () => {
    expect(assignmentChanges({ role: "location", accountIds: [12, 11] }, { role: "location", accountIds: [11, 12] })).toEqual({});
    expect(assignmentChanges({ role: "location", accountIds: [11] }, { role: "head_office", accountIds: [] })).toEqual({
      role: { from: "location", to: "head_office" },
      accounts: { from: [11], to: [] },
    });
    expect(assignmentChanges({ role: "org_admin", accountIds: [] }, { role: "head_office", accountIds: [] })).toEqual({
      role: { from: "org_admin", to: "head_office" },
    });
  });
});

describe("the last active org_admin", () => {
  const otherAdmin = user({ id: 3, role: "org_admin" });

  it("cannot be demoted, by anyone, themselves included", () => {
    for (const role of ["location", "head_office"]) {
      const next = { role, accountIds: role === "location" ? [11] : [] };
      expect(changeRefusal(admin, otherAdmin, next, facts(1)), role).toBe("last_admin");
      expect(changeRefusal(admin, user({ id: 1, role: "org_admin" }), next, facts(1)), `self ${role}`).toBe("last_admin");
    }
  });

  it("can be demoted while another active org_admin remains", () => {
    expect(changeRefusal(admin, otherAdmin, { role: "head_office", accountIds: [] }, facts(2))).toBeNull();
    expect(changeRefusal(admin, user({ id: 1, role: "org_admin" }), { role: "head_office", accountIds: [] }, facts(2))).toBeNull();
  });

  it("keeping the role is no demotion", () => {
    expect(changeRefusal(admin, otherAdmin, { role: "org_admin", accountIds: [] }, facts(1))).toBeNull();
  });

  it("cannot be deactivated; another org_admin can while one stays", () => {
    expect(activationRefusal(admin, otherAdmin, false, { activeOrgAdmins: 1 })).toBe("last_admin");
    expect(activationRefusal(admin, otherAdmin, false, { activeOrgAdmins: 2 })).toBeNull();
  });

  it("a deactivated org_admin does not count and can be demoted freely", () => {
    const inactive = user({ id: 4, role: "org_admin", active: false });
    expect(removesLastAdmin(inactive, { role: "head_office", active: false }, 1)).toBe(false);
    expect(changeRefusal(admin, inactive, { role: "head_office", accountIds: [] }, facts(1))).toBeNull();
  });

  it("others are never the last admin", () => {
    for (const role of ["location", "head_office"] as const) {
      expect(removesLastAdmin({ role, active: true }, { role: "location", active: false }, 0)).toBe(false);
      expect(activationRefusal(admin, user({ role }), false, { activeOrgAdmins: 1 })).toBeNull();
    }
  });
});

describe("deactivation, reactivation and invitations", () => {
  it("an org_admin does not deactivate themselves, even with other admins", () => {
    expect(activationRefusal(admin, user({ id: 1, role: "org_admin" }), false, { activeOrgAdmins: 3 })).toBe("self_deactivate");
  });

  it("reactivation has no further rule", () => {
    expect(activationRefusal(admin, user({ active: false }), true, { activeOrgAdmins: 1 })).toBeNull();
    expect(activationRefusal(admin, user({ role: "org_admin", active: false }), true, { activeOrgAdmins: 0 })).toBeNull();
  });

  it("resend only while invited and active", () => {
    expect(resendRefusal(admin, user({ invited: true }))).toBeNull();
    expect(resendRefusal(admin, user({ invited: false }))).toBe("not_invited");
    expect(resendRefusal(admin, user({ invited: true, active: false }))).toBe("inactive");
    expect(resendRefusal(admin, null)).toBe("not_found");
  });
});

describe("usernames for invited users", () => {
  it("from the email's local part, then numbered", () => {
    expect(usernameCandidates("Lena.Gruber@alpenblick.example", 3)).toEqual(["lena.gruber", "lena.gruber-2", "lena.gruber-3"]);
  });

  it("always valid usernames, whatever the address", () => {
    for (const email of ["a@x.example", "__@x.example", "Zoë+tag@x.example", `${"x".repeat(80)}@x.example`, "@x.example", "-.-@x"]) {
      const candidates = usernameCandidates(email);
      expect(candidates.length, email).toBeGreaterThan(0);
      for (const c of candidates) expect(USERNAME_PATTERN.test(c), `${email} → ${c}`).toBe(true);
    }
  });
});
