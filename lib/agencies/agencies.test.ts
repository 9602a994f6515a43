// Partner groups and agencies (seed 002's "admins") at the service layer: the seed bodies, the
// uniqueness and range rules, suspension with its notifications and audit rows, owner assignment,
// who may see and change what, and when a suspended agency locks its admins out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { agencies, agencyMembers, auditLogs, notifications, partnerGroups } from "@/db/schema";
import { type UserPrincipal, lockedOutReason } from "@/lib/auth/principal";
import { withTransaction } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { fieldErrorsOf, inputErrorsOf, rejectionOf } from "@/lib/testing/field-errors";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency as createAgencyRow,
  createAgencyAdmin,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { parseInput } from "@/lib/validation";
import {
  assignAgencyOwner,
  canManageAgency,
  createAgency,
  getAgency,
  getManagedAgency,
  listAgencies,
  lockManagedAgency,
  reactivateAgency,
  suspendAgency,
  updateAgency,
} from "./agencies";
import { createPartnerGroup, deletePartnerGroup, listPartnerGroups, updatePartnerGroup } from "./partner-groups";
import { AgencyInput, AgencyUpdate, ListAgenciesQuery, PartnerGroupInput, PartnerGroupUpdate, SuspendAgencyInput } from "./schemas";

const SEED_GROUP = { name: "Gold Partners", description: "Premium partner tier", credit_discount_percent: 20 };
const SEED_AGENCY = {
  name: "Agency XYZ",
  contact_email: "admin@agency.com",
  company_name: "Agency XYZ Ltd",
  phone: "+1234567890",
  partner_group_id: 1,
};
const NAME_TAKEN = { name: ["The name has already been taken."] };

let handle: DatabaseHandle;
let superadmin: UserPrincipal;
let plainUser: UserPrincipal;

beforeAll(async () => {
  handle = await createTestDatabase();
  superadmin = await superadminPrincipal(handle.db);
  plainUser = await principalOf(handle.db, await createUser(handle.db));
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, superadmin);
const as = (principal: UserPrincipal) => contextFor(handle.db, principal);

const newGroup = (overrides: Record<string, unknown> = {}) =>
  createPartnerGroup(asAdmin(), parseInput(PartnerGroupInput, { name: unique("Group"), credit_discount_percent: 10, ...overrides }));

async function auditRows(agencyId: number, action: string) {
  return handle.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.targetType, "agency"), eq(auditLogs.targetId, String(agencyId)), eq(auditLogs.action, action)))
    .orderBy(asc(auditLogs.id));
}

async function membershipsOf(agencyId: number) {
  const rows = await handle.db
    .select({ userId: agencyMembers.userId, role: agencyMembers.role })
    .from(agencyMembers)
    .where(eq(agencyMembers.agencyId, agencyId));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

describe("partner groups", () => {
  it("creates a group from the seed body", async () => {
    const group = await createPartnerGroup(asAdmin(), parseInput(PartnerGroupInput, SEED_GROUP));
    expect(group).toMatchObject({ name: "Gold Partners", description: "Premium partner tier", agenciesCount: 0 });
    expect(Number(group.creditDiscountPercent)).toBe(20);
    const [stored] = await handle.db.select().from(partnerGroups).where(eq(partnerGroups.id, group.id));
    expect(stored).toMatchObject({ name: "Gold Partners", description: "Premium partner tier" });
    const [audit] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "partner_group.created"), eq(auditLogs.targetId, String(group.id))));
    expect(audit.actorUserId).toBe(superadmin.userId);
  });

  it("refuses a name already taken, on create and on rename", async () => {
    const taken = await newGroup();
    expect(await fieldErrorsOf(newGroup({ name: taken.name }))).toEqual(NAME_TAKEN);

    const other = await newGroup();
    expect(await fieldErrorsOf(updatePartnerGroup(asAdmin(), { id: other.id, name: taken.name }))).toEqual(NAME_TAKEN);
    // Keeping one's own name is no clash.
    const same = await updatePartnerGroup(asAdmin(), { id: taken.id, name: taken.name });
    expect(same.name).toBe(taken.name);
    const err = await rejectionOf(newGroup({ name: taken.name }));
    expect((err as ValidationError).status).toBe(422);
    expect((err as ValidationError).message).toBe("The name has already been taken.");
  });

  it("takes a discount from 0 to 100 with decimals, and refuses anything outside", async () => {
    const decimal = await newGroup({ credit_discount_percent: 20.5 });
    expect(Number(decimal.creditDiscountPercent)).toBe(20.5);
    for (const edge of [0, 100]) expect(inputErrorsOf(PartnerGroupInput, { name: unique("Group"), credit_discount_percent: edge })).toBeNull();

    for (const bad of [101, -1]) {
      expect(Object.keys(inputErrorsOf(PartnerGroupInput, { name: unique("Group"), credit_discount_percent: bad }) ?? {})).toEqual([
        "credit_discount_percent",
      ]);
      expect(Object.keys(inputErrorsOf(PartnerGroupUpdate, { credit_discount_percent: bad }) ?? {})).toEqual(["credit_discount_percent"]);
    }
    expect(inputErrorsOf(PartnerGroupInput, {})).toHaveProperty("name");
  });

  it("lists every group with the number of agencies in it", async () => {
    const used = await newGroup();
    const unused = await newGroup();
    await createAgencyRow(handle.db, { partnerGroupId: used.id });
    await createAgencyRow(handle.db, { partnerGroupId: used.id });
    const groups = await listPartnerGroups(asAdmin());
    const byId = new Map(groups.map((g) => [g.id, g]));
    expect(byId.get(used.id)?.agenciesCount).toBe(2);
    expect(byId.get(unused.id)?.agenciesCount).toBe(0);
  });

  it("updates only the fields given", async () => {
    const group = await newGroup({ description: "Kept", credit_discount_percent: 15 });
    const renamed = await updatePartnerGroup(asAdmin(), { id: group.id, ...parseInput(PartnerGroupUpdate, { name: "Renamed " + group.name }) });
    expect(renamed).toMatchObject({ name: "Renamed " + group.name, description: "Kept" });
    expect(Number(renamed.creditDiscountPercent)).toBe(15);

    const discounted = await updatePartnerGroup(asAdmin(), { id: group.id, ...parseInput(PartnerGroupUpdate, { credit_discount_percent: 33.25 }) });
    expect(discounted).toMatchObject({ name: "Renamed " + group.name, description: "Kept" });
    expect(Number(discounted.creditDiscountPercent)).toBe(33.25);

    const err = await rejectionOf(updatePartnerGroup(asAdmin(), { id: 999_999, name: unique("Group") }));
    expect(err).toBeInstanceOf(NotFoundError);
  });

  it("deletes an unused group, and refuses a used one naming how many agencies use it", async () => {
    const unused = await newGroup();
    await deletePartnerGroup(asAdmin(), { id: unused.id });
    expect(await handle.db.select().from(partnerGroups).where(eq(partnerGroups.id, unused.id))).toEqual([]);

    const used = await newGroup();
    await createAgencyRow(handle.db, { partnerGroupId: used.id });
    await createAgencyRow(handle.db, { partnerGroupId: used.id });
    await createAgencyRow(handle.db, { partnerGroupId: used.id });
    const err = await rejectionOf(deletePartnerGroup(asAdmin(), { id: used.id }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).status).toBe(409);
    expect((err as ConflictError).message).toContain("3 agencies");
    expect(await handle.db.select().from(partnerGroups).where(eq(partnerGroups.id, used.id))).toHaveLength(1);

    expect(await rejectionOf(deletePartnerGroup(asAdmin(), { id: unused.id }))).toBeInstanceOf(NotFoundError);
  });

  it("is reserved to superadmins", async () => {
    const group = await newGroup();
    const { principal: agencyPrincipal } = await createAgencyAdmin(handle.db);
    for (const principal of [agencyPrincipal, plainUser]) {
      const ctx = as(principal);
      expect(await rejectionOf(listPartnerGroups(ctx))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(createPartnerGroup(ctx, parseInput(PartnerGroupInput, { name: unique("Group") })))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(updatePartnerGroup(ctx, { id: group.id, name: unique("Group") }))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(deletePartnerGroup(ctx, { id: group.id }))).toBeInstanceOf(ForbiddenError);
    }
    expect(await handle.db.select().from(partnerGroups).where(eq(partnerGroups.id, group.id))).toHaveLength(1);
  });
});

describe("agencies", () => {
  it("creates an agency from the seed body in an existing partner group", async () => {
    const group = await newGroup();
    const agency = await createAgency(asAdmin(), parseInput(AgencyInput, { ...SEED_AGENCY, partner_group_id: group.id }));
    expect(agency).toMatchObject({
      name: "Agency XYZ",
      contactEmail: "admin@agency.com",
      companyName: "Agency XYZ Ltd",
      phone: "+1234567890",
      partnerGroupId: group.id,
      partnerGroupName: group.name,
      status: "active",
      ownerUserId: null,
      organizationsCount: 0,
    });
    expect(await auditRows(agency.id, "agency.created")).toHaveLength(1);
  });

  it("refuses an unknown partner group on partner_group_id", async () => {
    const errors = await fieldErrorsOf(createAgency(asAdmin(), parseInput(AgencyInput, { ...SEED_AGENCY, partner_group_id: 999_999 })));
    expect(Object.keys(errors)).toEqual(["partner_group_id"]);
    const agency = await createAgencyRow(handle.db);
    const onUpdate = await fieldErrorsOf(updateAgency(asAdmin(), { id: agency.id, partner_group_id: 999_999 }));
    expect(Object.keys(onUpdate)).toEqual(["partner_group_id"]);
  });

  it("gets an agency, and updates only the fields given", async () => {
    const group = await newGroup();
    const created = await createAgency(asAdmin(), parseInput(AgencyInput, { ...SEED_AGENCY, name: unique("Agency"), partner_group_id: group.id }));
    expect(await getAgency(asAdmin(), { id: created.id })).toMatchObject({ id: created.id, name: created.name });

    const updated = await updateAgency(asAdmin(), { id: created.id, ...parseInput(AgencyUpdate, { name: "Renamed Agency" }) });
    expect(updated).toMatchObject({
      name: "Renamed Agency",
      contactEmail: "admin@agency.com",
      companyName: "Agency XYZ Ltd",
      phone: "+1234567890",
      partnerGroupId: group.id,
      partnerGroupName: group.name,
    });
    const ungrouped = await updateAgency(asAdmin(), { id: created.id, ...parseInput(AgencyUpdate, { partner_group_id: null }) });
    expect(ungrouped).toMatchObject({ name: "Renamed Agency", partnerGroupId: null, partnerGroupName: null, companyName: "Agency XYZ Ltd" });

    const [audit] = await auditRows(created.id, "agency.updated");
    expect(audit.metadata).toEqual({ changes: { name: { from: created.name, to: "Renamed Agency" } } });

    expect(await rejectionOf(getAgency(asAdmin(), { id: 999_999 }))).toBeInstanceOf(NotFoundError);
    expect(await rejectionOf(updateAgency(asAdmin(), { id: 999_999, name: "x" }))).toBeInstanceOf(NotFoundError);
  });

  it("lists agencies with their organizations count and partner group name, searchable by q", async () => {
    const group = await newGroup();
    const marker = unique("needle");
    const agency = await createAgencyRow(handle.db, { name: `Searchable ${marker}`, partnerGroupId: group.id });
    const byCompany = await createAgencyRow(handle.db, { companyName: `${marker} Ltd` });
    await createOrganizationRow(handle.db, { agencyId: agency.id });
    await createOrganizationRow(handle.db, { agencyId: agency.id });

    const page = await listAgencies(asAdmin(), parseInput(ListAgenciesQuery, { q: marker }));
    expect(page.total).toBe(2);
    expect(page.data.map((a) => a.id).sort()).toEqual([agency.id, byCompany.id].sort());
    expect(page.data.find((a) => a.id === agency.id)).toMatchObject({ organizationsCount: 2, partnerGroupName: group.name });
    expect(page.data.find((a) => a.id === byCompany.id)).toMatchObject({ organizationsCount: 0, partnerGroupName: null });

    const all = await listAgencies(asAdmin(), parseInput(ListAgenciesQuery, {}));
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect((await listAgencies(asAdmin(), parseInput(ListAgenciesQuery, { q: unique("nothing") }))).data).toEqual([]);
  });

  it("suspends with a reason, notifies the owners and audits it; a second suspension is refused", async () => {
    const {
      agency: { id: agencyId },
      user,
    } = await createAgencyAdmin(handle.db);
    const member = await createUser(handle.db);
    await addAgencyMember(handle.db, agencyId, member.id, "member");
    expect(Object.keys(inputErrorsOf(SuspendAgencyInput, {}) ?? {})).toEqual(["reason"]);

    const suspended = await suspendAgency(asAdmin(), { id: agencyId, reason: "Payment overdue" });
    expect(suspended).toMatchObject({ status: "suspended", suspendedReason: "Payment overdue" });

    const notes = await handle.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(notes).toEqual([
      expect.objectContaining({ type: "agency.suspended", body: expect.stringContaining("Payment overdue"), link: `/agencies/${agencyId}` }),
    ]);
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, member.id))).toEqual([]);
    const [audit] = await auditRows(agencyId, "agency.suspended");
    expect(audit).toMatchObject({ actorUserId: superadmin.userId, agencyId, metadata: { reason: "Payment overdue" } });

    const again = await rejectionOf(suspendAgency(asAdmin(), { id: agencyId, reason: "Again" }));
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as InvalidStateError).status).toBe(409);
    expect(await getAgency(asAdmin(), { id: agencyId })).toMatchObject({ status: "suspended", suspendedReason: "Payment overdue" });
  });

  it("reactivates a suspended agency, and refuses an active one", async () => {
    const {
      agency: { id: agencyId },
      user,
    } = await createAgencyAdmin(handle.db);
    await suspendAgency(asAdmin(), { id: agencyId, reason: "Payment overdue" });
    const active = await reactivateAgency(asAdmin(), { id: agencyId });
    expect(active).toMatchObject({ status: "active", suspendedReason: null });
    expect(await auditRows(agencyId, "agency.reactivated")).toHaveLength(1);
    const told = await handle.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(told).toContainEqual(expect.objectContaining({ type: "agency.reactivated", link: `/agencies/${agencyId}` }));

    const err = await rejectionOf(reactivateAgency(asAdmin(), { id: agencyId }));
    expect(err).toBeInstanceOf(InvalidStateError);
    expect((err as InvalidStateError).status).toBe(409);
  });

  it("assigns an existing user as owner, and demotes the previous owner to member on a second assignment", async () => {
    const agency = await createAgencyRow(handle.db);
    const first = await createUser(handle.db);
    const second = await createUser(handle.db);

    const owned = await assignAgencyOwner(asAdmin(), { id: agency.id, user_id: first.id });
    expect(owned.ownerUserId).toBe(first.id);
    expect(await membershipsOf(agency.id)).toEqual({ [first.id]: "owner" });

    const reassigned = await assignAgencyOwner(asAdmin(), { id: agency.id, user_id: second.id });
    expect(reassigned.ownerUserId).toBe(second.id);
    expect(await membershipsOf(agency.id)).toEqual({ [first.id]: "member", [second.id]: "owner" });
    const audits = await auditRows(agency.id, "agency.owner_assigned");
    expect(audits.map((a) => a.metadata)).toEqual([
      expect.objectContaining({ user_id: first.id, previous_owner_user_id: null }),
      expect.objectContaining({ user_id: second.id, previous_owner_user_id: first.id }),
    ]);

    expect(await rejectionOf(assignAgencyOwner(asAdmin(), { id: agency.id, user_id: 999_999 }))).toBeInstanceOf(NotFoundError);
    expect(await rejectionOf(assignAgencyOwner(asAdmin(), { id: 999_999, user_id: first.id }))).toBeInstanceOf(NotFoundError);
    const [row] = await handle.db.select().from(agencies).where(eq(agencies.id, agency.id));
    expect(row.ownerUserId).toBe(second.id);
  });
});

describe("agency visibility and permissions", () => {
  it("lets an agency's own admin see its agency only", async () => {
    const mine = await createAgencyAdmin(handle.db);
    const other = await createAgencyRow(handle.db);

    expect(await getAgency(as(mine.principal), { id: mine.agency.id })).toMatchObject({ id: mine.agency.id });
    expect(await rejectionOf(getAgency(as(mine.principal), { id: other.id }))).toBeInstanceOf(NotFoundError);

    const page = await listAgencies(as(mine.principal), parseInput(ListAgenciesQuery, {}));
    expect(page.data.map((a) => a.id)).toEqual([mine.agency.id]);
    expect(page.total).toBe(1);

    const none = await listAgencies(as(plainUser), parseInput(ListAgenciesQuery, {}));
    expect(none).toMatchObject({ data: [], total: 0 });
    expect(await rejectionOf(getAgency(as(plainUser), { id: other.id }))).toBeInstanceOf(NotFoundError);
  });

  it("reserves create, update, suspend, reactivate and assign-owner to superadmins", async () => {
    const mine = await createAgencyAdmin(handle.db);
    const someone = await createUser(handle.db);
    for (const principal of [mine.principal, plainUser]) {
      const ctx = as(principal);
      expect(await rejectionOf(createAgency(ctx, parseInput(AgencyInput, { name: unique("Agency") })))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(updateAgency(ctx, { id: mine.agency.id, name: "Mine now" }))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(suspendAgency(ctx, { id: mine.agency.id, reason: "No" }))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(reactivateAgency(ctx, { id: mine.agency.id }))).toBeInstanceOf(ForbiddenError);
      expect(await rejectionOf(assignAgencyOwner(ctx, { id: mine.agency.id, user_id: someone.id }))).toBeInstanceOf(ForbiddenError);
    }
    expect(await getAgency(asAdmin(), { id: mine.agency.id })).toMatchObject({ status: "active", ownerUserId: null });
  });

  it("canManageAgency: superadmins and the agency's own admins, not while it is suspended; the services that change it agree", async () => {
    const mine = await createAgencyAdmin(handle.db);
    const memberUser = await createUser(handle.db);
    await addAgencyMember(handle.db, mine.agency.id, memberUser.id, "member");
    const member = await principalOf(handle.db, memberUser);
    const other = await createAgencyAdmin(handle.db);
    const suspended = await createAgencyAdmin(handle.db);
    await suspendAgency(asAdmin(), { id: suspended.agency.id, reason: "Payment overdue" });
    // Membership status is resolved with the principal, as on every request.
    const suspendedAdmin = await principalOf(handle.db, suspended.user);

    // Managed: true, or the refusal of the services that change the agency (404 unseen, 403 seen).
    const cases: { who: string; principal: UserPrincipal; id: number; managed: true | typeof NotFoundError | typeof ForbiddenError }[] = [
      { who: "superadmin", principal: superadmin, id: mine.agency.id, managed: true },
      { who: "superadmin, suspended agency", principal: superadmin, id: suspended.agency.id, managed: true },
      { who: "the agency's owner", principal: mine.principal, id: mine.agency.id, managed: true },
      { who: "the agency's member admin", principal: member, id: mine.agency.id, managed: true },
      { who: "another agency's admin", principal: other.principal, id: mine.agency.id, managed: NotFoundError },
      { who: "the suspended agency's admin", principal: suspendedAdmin, id: suspended.agency.id, managed: ForbiddenError },
      { who: "a plain user", principal: plainUser, id: mine.agency.id, managed: NotFoundError },
    ];
    for (const { who, principal, id, managed } of cases) {
      expect(canManageAgency(principal, { id }), who).toBe(managed === true);
      for (const attempt of [() => getManagedAgency(as(principal), id), () => withTransaction(as(principal), (tx) => lockManagedAgency(tx, id))]) {
        if (managed === true) expect(await attempt(), who).toMatchObject({ id });
        else expect(await rejectionOf(attempt()), who).toBeInstanceOf(managed);
      }
    }
    // The suspended agency's admin still sees it (getAgency); they only may not manage it.
    expect(await getAgency(as(suspendedAdmin), { id: suspended.agency.id })).toMatchObject({ status: "suspended" });
  });
});

describe("lockedOutReason", () => {
  it("locks out an admin whose only agency is suspended, until it is reactivated", async () => {
    const {
      agency: { id: agencyId },
      user,
      principal,
    } = await createAgencyAdmin(handle.db);
    expect(lockedOutReason(principal)).toBeNull();
    await suspendAgency(asAdmin(), { id: agencyId, reason: "Payment overdue" });
    expect(lockedOutReason(await principalOf(handle.db, user))).toEqual(expect.any(String));
    await reactivateAgency(asAdmin(), { id: agencyId });
    expect(lockedOutReason(await principalOf(handle.db, user))).toBeNull();
  });

  it("does not lock out an admin who also belongs to an organization or to another active agency", async () => {
    const withOrg = await createAgencyAdmin(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db)).id, withOrg.user.id, "member");
    await suspendAgency(asAdmin(), { id: withOrg.agency.id, reason: "Payment overdue" });
    expect(lockedOutReason(await principalOf(handle.db, withOrg.user))).toBeNull();

    const twoAgencies = await createAgencyAdmin(handle.db);
    await addAgencyMember(handle.db, (await createAgencyRow(handle.db)).id, twoAgencies.user.id, "member");
    await suspendAgency(asAdmin(), { id: twoAgencies.agency.id, reason: "Payment overdue" });
    expect(lockedOutReason(await principalOf(handle.db, twoAgencies.user))).toBeNull();
  });

  it("never locks out a superadmin, nor a user without any agency", async () => {
    const agency = await createAgencyRow(handle.db, { status: "suspended" });
    const admin = await createUser(handle.db, { isSuperadmin: true });
    await addAgencyMember(handle.db, agency.id, admin.id);
    expect(lockedOutReason(await principalOf(handle.db, admin))).toBeNull();
    expect(lockedOutReason(plainUser)).toBeNull();
  });
});
