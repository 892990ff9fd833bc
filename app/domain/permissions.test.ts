import { describe, expect, it } from "vitest";
import {
  ALL_ROLES,
  accountScope,
  answerRefusal,
  canAnswerCase,
  canEnrolPaperless,
  canManageOrganisation,
  canOperatePlatform,
  canSeeAccount,
  canWorkDisputes,
  homePath,
  type Actor,
  type DisputeHandling,
  type Role,
} from "./permissions";

const OWN_ORG = 1;
const OTHER_ORG = 2;
const ownAssigned = { accountId: 10, organisationId: OWN_ORG };
const ownOther = { accountId: 11, organisationId: OWN_ORG };
const foreign = { accountId: 20, organisationId: OTHER_ORG };

function actor(role: Role): Actor {
  const merchant = role === "location" || role === "head_office" || role === "org_admin";
  return {
    userId: 1,
    role,
    organisationId: merchant ? OWN_ORG : null,
    assignedAccountIds: role === "location" ? [10] : [],
  };
}

type Relation = "assigned" | "same_org" | "other_org";
const accounts: Record<Relation, typeof ownAssigned> = {
  assigned: ownAssigned,
  same_org: ownOther,
  other_org: foreign,
};

// The whole rule table, written out: role × relation to the account × handling → may see / may answer.
const table: Array<[Role, Relation, DisputeHandling, boolean, ReturnType<typeof answerRefusal>]> = [
  ["location", "assigned", "central", true, null],
  ["location", "assigned", "local", true, null],
  ["location", "same_org", "central", false, "not_visible"],
  ["location", "same_org", "local", false, "not_visible"],
  ["location", "other_org", "central", false, "not_visible"],
  ["location", "other_org", "local", false, "not_visible"],
  ["head_office", "assigned", "central", true, null],
  ["head_office", "assigned", "local", true, "local_handling"],
  ["head_office", "same_org", "central", true, null],
  ["head_office", "same_org", "local", true, "local_handling"],
  ["head_office", "other_org", "central", false, "not_visible"],
  ["head_office", "other_org", "local", false, "not_visible"],
  ["org_admin", "assigned", "central", true, null],
  ["org_admin", "assigned", "local", true, "local_handling"],
  ["org_admin", "same_org", "central", true, null],
  ["org_admin", "same_org", "local", true, "local_handling"],
  ["org_admin", "other_org", "central", false, "not_visible"],
  ["org_admin", "other_org", "local", false, "not_visible"],
  ["analyst", "assigned", "central", true, "not_a_merchant"],
  ["analyst", "same_org", "local", true, "not_a_merchant"],
  ["analyst", "other_org", "central", true, "not_a_merchant"],
  ["analyst", "other_org", "local", true, "not_a_merchant"],
  ["admin", "assigned", "central", false, "not_a_merchant"],
  ["admin", "same_org", "local", false, "not_a_merchant"],
  ["admin", "other_org", "central", false, "not_a_merchant"],
  ["admin", "other_org", "local", false, "not_a_merchant"],
];

describe("who may see and answer a case", () => {
  it.each(table)("%s / %s account / %s handling: sees=%s, refusal=%s", (role, relation, handling, sees, refusal) => {
    const a = actor(role);
    const account = accounts[relation];
    expect(canSeeAccount(a, account)).toBe(sees);
    expect(answerRefusal(a, account, handling)).toBe(refusal);
    expect(canAnswerCase(a, account, handling)).toBe(refusal === null);
  });

  it("covers every role", () => {
    expect(new Set(table.map(([role]) => role))).toEqual(new Set(ALL_ROLES));
  });

  it("a merchant user without an organisation sees nothing", () => {
    const orphan: Actor = { userId: 9, role: "head_office", organisationId: null, assignedAccountIds: [] };
    expect(accountScope(orphan)).toEqual({ kind: "none" });
    expect(canSeeAccount(orphan, ownAssigned)).toBe(false);
  });
});

describe("account scope for queries", () => {
  it.each<[Role, ReturnType<typeof accountScope>]>([
    ["location", { kind: "accounts", accountIds: [10] }],
    ["head_office", { kind: "organisation", organisationId: OWN_ORG }],
    ["org_admin", { kind: "organisation", organisationId: OWN_ORG }],
    ["analyst", { kind: "all" }],
    ["admin", { kind: "none" }],
  ])("%s", (role, scope) => {
    expect(accountScope(actor(role))).toEqual(scope);
  });
});

describe("other abilities", () => {
  it.each<[Role, boolean, boolean, boolean, boolean, boolean]>([
    // role, works disputes, manages own org, manages other org, operates platform, enrols own assigned
    ["location", false, false, false, false, false],
    ["head_office", false, false, false, false, false],
    ["org_admin", false, true, false, false, true],
    ["analyst", true, false, false, false, false],
    ["admin", false, false, false, true, false],
  ])("%s", (role, works, managesOwn, managesOther, operates, enrols) => {
    const a = actor(role);
    expect(canWorkDisputes(a)).toBe(works);
    expect(canManageOrganisation(a, OWN_ORG)).toBe(managesOwn);
    expect(canManageOrganisation(a, OTHER_ORG)).toBe(managesOther);
    expect(canOperatePlatform(a)).toBe(operates);
    expect(canEnrolPaperless(a, ownAssigned)).toBe(enrols);
  });

  it("paperless: a location cannot enrol any account, not even its own; an org_admin can enrol any own account but no foreign one", () => {
    expect(canEnrolPaperless(actor("location"), ownAssigned)).toBe(false);
    expect(canEnrolPaperless(actor("location"), ownOther)).toBe(false);
    expect(canEnrolPaperless(actor("org_admin"), ownOther)).toBe(true);
    expect(canEnrolPaperless(actor("org_admin"), foreign)).toBe(false);
  });

  it.each<[Role, string]>([
    ["location", "/disputes"],
    ["head_office", "/overview"],
    ["org_admin", "/overview"],
    ["analyst", "/review"],
    ["admin", "/admin"],
  ])("home of %s is %s", (role, path) => {
    expect(homePath(role)).toBe(path);
  });
});
