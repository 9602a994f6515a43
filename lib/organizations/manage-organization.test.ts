// Managing organizations and the platform settings: partial updates, plugin and domain rules,
// status changes with their notifications and audit rows, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { agencies, auditLogs, domains, notifications, organizations, type Organization, type User } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { getPlatformSettings, loadSettings, updatePlatformSettings, UpdateSettingsInput } from "@/lib/settings/settings";
import { createTestDatabase } from "@/lib/testing/database";
import { fieldErrorsOf, inputErrorsOf } from "@/lib/testing/field-errors";
import {
  addOrganizationMember,
  contextFor,
  createAgencyAdmin,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { parseInput } from "@/lib/validation";
import { setOrganizationStatus, updateOrganization, updateOrganizationLimits } from "./manage-organization";
import { createOrganization, getOrganization, myOrganization } from "./organizations";
import { UpdateOrganizationInput } from "./schemas";

let handle: DatabaseHandle;
let admin: UserPrincipal;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);
const as = (principal: UserPrincipal | typeof anonymous) => contextFor(handle.db, principal);

async function reload(id: string): Promise<Organization> {
  const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, id));
  return org;
}

async function auditRows(orgId: string, action: string) {
  return handle.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.targetType, "organization"), eq(auditLogs.targetId, orgId), eq(auditLogs.action, action)))
    .orderBy(asc(auditLogs.id));
}

/** An organization with every editable field set, so a partial update can show what it kept. */
async function fullOrganization(overrides: Partial<typeof organizations.$inferInsert> = {}): Promise<Organization> {
  return createOrganizationRow(handle.db, {
    customDomain: `${unique("site")}.example.org`,
    enabledPlugins: ["blog", "forms"],
    creditLimit: 100,
    storageLimitGb: 5,
    maxUsers: 3,
    bandwidthLimitGb: 50,
    ...overrides,
  });
}

async function memberOf(orgId: string, role: "owner" | "member"): Promise<{ user: User; principal: UserPrincipal }> {
  const user = await createUser(handle.db);
  await addOrganizationMember(handle.db, orgId, user.id, role);
  return { user, principal: await principalOf(handle.db, user) };
}

describe("updateOrganization", () => {
  it("changes only the fields given, and audits what changed", async () => {
    const org = await fullOrganization();
    const after = await updateOrganization(asAdmin(), { id: org.id, ...parseInput(UpdateOrganizationInput, { name: "Renamed", max_users: 40 }) });
    expect(after).toMatchObject({
      name: "Renamed",
      maxUsers: 40,
      slug: org.slug,
      customDomain: org.customDomain,
      enabledPlugins: ["blog", "forms"],
      creditLimit: 100,
      storageLimitGb: 5,
      bandwidthLimitGb: 50,
    });
    expect(await reload(org.id)).toMatchObject({ name: "Renamed", maxUsers: 40, customDomain: org.customDomain, creditLimit: 100 });

    const [audit] = await auditRows(org.id, "organization.updated");
    expect(audit.metadata).toEqual({ changes: { name: { from: org.name, to: "Renamed" }, maxUsers: { from: 3, to: 40 } } });
    expect(audit.actorUserId).toBe(admin.userId);
  });

  it("takes seed 002's example body", async () => {
    const org = await fullOrganization();
    const body = {
      name: "New Name",
      custom_domain: `${unique("app")}.example.com`,
      enabled_plugins: ["ecommerce", "linkedin", "calendar"],
      credit_limit: 10000,
      storage_limit_gb: 50,
      max_users: 100,
      bandwidth_limit_gb: 500,
    };
    const after = await updateOrganization(asAdmin(), { id: org.id, ...parseInput(UpdateOrganizationInput, body) });
    expect(after).toMatchObject({
      name: "New Name",
      customDomain: body.custom_domain,
      enabledPlugins: ["ecommerce", "linkedin", "calendar"],
      creditLimit: 10000,
      storageLimitGb: 50,
      maxUsers: 100,
      bandwidthLimitGb: 500,
    });
  });

  it("refuses plugin keys that are not in the catalog, naming each, and changes nothing", async () => {
    const org = await fullOrganization();
    const errors = await fieldErrorsOf(
      updateOrganization(asAdmin(), { id: org.id, name: "Not saved", enabled_plugins: ["blog", "teleport", "crm-x"] }),
    );
    expect(Object.keys(errors)).toEqual(["enabled_plugins"]);
    expect(errors.enabled_plugins).toHaveLength(2);
    expect(errors.enabled_plugins[0]).toContain('"teleport"');
    expect(errors.enabled_plugins[1]).toContain('"crm-x"');
    expect(errors.enabled_plugins.join(" ")).not.toContain('"blog"');
    expect(await reload(org.id)).toMatchObject({ name: org.name, enabledPlugins: ["blog", "forms"] });
  });

  it("stores plugins de-duplicated, and an empty list disables them all", async () => {
    const org = await fullOrganization();
    expect((await updateOrganization(asAdmin(), { id: org.id, enabled_plugins: ["news", "news", "epaper"] })).enabledPlugins).toEqual([
      "news",
      "epaper",
    ]);
    expect((await updateOrganization(asAdmin(), { id: org.id, enabled_plugins: [] })).enabledPlugins).toEqual([]);
  });

  it("refuses a custom domain that is not a bare host name", () => {
    for (const domain of [
      "https://app.example.com",
      "app.example.com/shop",
      "app example.com",
      "localhost",
      "-app.example.com",
      "app.example.com:8080",
      "app..example.com",
    ]) {
      expect(inputErrorsOf(UpdateOrganizationInput, { custom_domain: domain }), domain).toEqual({
        custom_domain: ["The custom domain field format is invalid."],
      });
    }
    expect(parseInput(UpdateOrganizationInput, { custom_domain: " App.Example.COM " }).custom_domain).toBe("app.example.com");
    expect(parseInput(UpdateOrganizationInput, { custom_domain: null }).custom_domain).toBeNull();
  });

  it("makes a new custom domain a pending claim, refuses one verified by another organization with 409, and null clears it", async () => {
    const holder = await fullOrganization();
    const org = await fullOrganization();
    const claimOf = async (id: string) => (await handle.db.select().from(domains).where(eq(domains.organizationId, id)))[0];

    // A pending claim blocks nobody: a squatter cannot hold a domain it does not control.
    const input = parseInput(UpdateOrganizationInput, { custom_domain: holder.customDomain!.toUpperCase() });
    expect((await updateOrganization(asAdmin(), { id: org.id, ...input })).customDomain).toBe(holder.customDomain);
    expect(await claimOf(org.id)).toMatchObject({ domain: holder.customDomain, kind: "custom_domain", status: "pending" });

    await handle.db
      .insert(domains)
      .values({ domain: holder.customDomain!, kind: "custom_domain", organizationId: holder.id, status: "verified", token: unique("token") });
    const other = await fullOrganization();
    await expect(updateOrganization(asAdmin(), { id: other.id, name: "Not saved", custom_domain: holder.customDomain })).rejects.toThrow(
      ConflictError,
    );
    expect(await reload(other.id)).toMatchObject({ name: other.name, customDomain: other.customDomain });

    // Its own domain again changes nothing (it stays verified); null clears it and frees the domain.
    expect((await updateOrganization(asAdmin(), { id: holder.id, custom_domain: holder.customDomain })).customDomain).toBe(holder.customDomain);
    expect((await claimOf(holder.id)).status).toBe("verified");
    expect((await updateOrganization(asAdmin(), { id: holder.id, custom_domain: null })).customDomain).toBeNull();
    expect(await claimOf(holder.id)).toBeUndefined();
    expect((await updateOrganization(asAdmin(), { id: other.id, custom_domain: holder.customDomain })).customDomain).toBe(holder.customDomain);
  });

  it("refuses negative and fractional limits in the schema; null means unlimited and 0 none", async () => {
    expect(inputErrorsOf(UpdateOrganizationInput, { credit_limit: -1, storage_limit_gb: -5, max_users: 1.5, bandwidth_limit_gb: "100" })).toEqual({
      credit_limit: ["The credit limit field must be at least 0."],
      storage_limit_gb: ["The storage limit gb field must be at least 0."],
      max_users: ["The max users field must be an integer."],
      bandwidth_limit_gb: ["The bandwidth limit gb field must be a number."],
    });

    const org = await fullOrganization();
    const input = parseInput(UpdateOrganizationInput, { credit_limit: null, storage_limit_gb: null, max_users: 0 });
    expect(await updateOrganization(asAdmin(), { id: org.id, ...input })).toMatchObject({
      creditLimit: null,
      storageLimitGb: null,
      maxUsers: 0,
      bandwidthLimitGb: 50,
    });
  });

  it("answers 404 for an organization that does not exist", async () => {
    await expect(updateOrganization(asAdmin(), { id: "00000000-0000-4000-8000-000000000000", name: "Ghost" })).rejects.toThrow(NotFoundError);
  });
});

describe("updateOrganizationLimits", () => {
  it("changes only the limits given", async () => {
    const org = await fullOrganization();
    expect(await updateOrganizationLimits(asAdmin(), { id: org.id, storage_limit_gb: 9 })).toMatchObject({
      storageLimitGb: 9,
      creditLimit: 100,
      maxUsers: 3,
      bandwidthLimitGb: 50,
    });
    expect(await auditRows(org.id, "organization.limits_updated")).toHaveLength(1);
  });
});

describe("setOrganizationStatus", () => {
  it("suspends with a reason, tells the owners (not the members), and audits it", async () => {
    const org = await fullOrganization();
    const owner = await memberOf(org.id, "owner");
    const member = await memberOf(org.id, "member");

    const after = await setOrganizationStatus(asAdmin(), { id: org.id, status: "suspended", reason: "Payment overdue" });
    expect(after).toMatchObject({ status: "suspended", statusReason: "Payment overdue" });

    const [audit] = await auditRows(org.id, "organization.suspended");
    expect(audit.metadata).toEqual({ from: "active", to: "suspended", reason: "Payment overdue" });
    expect(audit).toMatchObject({ actorUserId: admin.userId, organizationId: org.id });

    const ownerNotes = await handle.db.select().from(notifications).where(eq(notifications.userId, owner.user.id));
    expect(ownerNotes).toHaveLength(1);
    expect(ownerNotes[0]).toMatchObject({ type: "organization.suspended", link: `/organizations/${org.id}` });
    expect(ownerNotes[0].body).toContain("Payment overdue");
    expect(await handle.db.select().from(notifications).where(eq(notifications.userId, member.user.id))).toHaveLength(0);
  });

  it("reactivates, clearing the reason, then cancels; each change audited and told", async () => {
    const org = await fullOrganization({ status: "suspended", statusReason: "Payment overdue" });
    const owner = await memberOf(org.id, "owner");

    expect(await setOrganizationStatus(asAdmin(), { id: org.id, status: "active" })).toMatchObject({ status: "active", statusReason: null });
    expect(await setOrganizationStatus(asAdmin(), { id: org.id, status: "cancelled", reason: "Customer left" })).toMatchObject({
      status: "cancelled",
      statusReason: "Customer left",
    });
    expect(await auditRows(org.id, "organization.reactivated")).toHaveLength(1);
    expect(await auditRows(org.id, "organization.cancelled")).toHaveLength(1);
    const told = await handle.db.select().from(notifications).where(eq(notifications.userId, owner.user.id)).orderBy(asc(notifications.id));
    expect(told.map((n) => n.type)).toEqual(["organization.reactivated", "organization.cancelled"]);
  });

  it("refuses the status the organization already has, and one still provisioning, with a 409 and no trace", async () => {
    const org = await fullOrganization();
    await expect(setOrganizationStatus(asAdmin(), { id: org.id, status: "active" })).rejects.toThrow(InvalidStateError);
    const provisioning = await fullOrganization({ status: "provisioning" });
    await expect(setOrganizationStatus(asAdmin(), { id: provisioning.id, status: "suspended" })).rejects.toThrow(InvalidStateError);
    expect(await auditRows(org.id, "organization.reactivated")).toHaveLength(0);
    expect(await auditRows(provisioning.id, "organization.suspended")).toHaveLength(0);
    expect((await reload(provisioning.id)).status).toBe("provisioning");
  });
});

describe("a suspended organization", () => {
  it("locks out its members and owners, but not a superadmin nor its agency's admin", async () => {
    const { agency, principal: agencyPrincipal } = await createAgencyAdmin(handle.db);
    const org = await fullOrganization({ agencyId: agency.id });
    const member = await memberOf(org.id, "member");
    const owner = await memberOf(org.id, "owner");
    expect((await myOrganization(as(member.principal))).id).toBe(org.id);

    await setOrganizationStatus(as(agencyPrincipal), { id: org.id, status: "suspended", reason: "Payment overdue" });

    for (const { principal } of [member, owner]) {
      await expect(getOrganization(as(principal), { id: org.id })).rejects.toThrow(ForbiddenError);
      await expect(myOrganization(as(principal))).rejects.toThrow(ForbiddenError);
    }
    expect((await getOrganization(asAdmin(), { id: org.id })).status).toBe("suspended");
    expect((await getOrganization(as(agencyPrincipal), { id: org.id })).status).toBe("suspended");

    await setOrganizationStatus(as(agencyPrincipal), { id: org.id, status: "active" });
    expect((await myOrganization(as(member.principal))).id).toBe(org.id);
  });
});

describe("who may manage an organization", () => {
  it("lets an agency admin manage its own organizations, and 404s another agency's", async () => {
    const mine = await createAgencyAdmin(handle.db);
    const theirs = await createAgencyAdmin(handle.db);
    const own = await fullOrganization({ agencyId: mine.agency.id });
    const other = await fullOrganization({ agencyId: theirs.agency.id });
    const platformOrg = await fullOrganization();

    expect((await updateOrganization(as(mine.principal), { id: own.id, max_users: 12 })).maxUsers).toBe(12);
    expect((await setOrganizationStatus(as(mine.principal), { id: own.id, status: "suspended" })).status).toBe("suspended");

    for (const target of [other, platformOrg]) {
      await expect(getOrganization(as(mine.principal), { id: target.id })).rejects.toThrow(NotFoundError);
      await expect(updateOrganization(as(mine.principal), { id: target.id, max_users: 1 })).rejects.toThrow(NotFoundError);
      await expect(setOrganizationStatus(as(mine.principal), { id: target.id, status: "suspended" })).rejects.toThrow(NotFoundError);
      await expect(updateOrganizationLimits(as(mine.principal), { id: target.id, credit_limit: null })).rejects.toThrow(NotFoundError);
      expect(await reload(target.id)).toMatchObject({ maxUsers: 3, status: "active", creditLimit: 100 });
    }
  });

  it("stops a suspended agency's admin from managing its organizations", async () => {
    const { agency, user } = await createAgencyAdmin(handle.db);
    const own = await fullOrganization({ agencyId: agency.id });
    await handle.db.update(agencies).set({ status: "suspended" }).where(eq(agencies.id, agency.id));
    const suspendedAdmin = await principalOf(handle.db, user);
    await expect(updateOrganization(as(suspendedAdmin), { id: own.id, max_users: 99 })).rejects.toThrow(NotFoundError);
    expect((await reload(own.id)).maxUsers).toBe(3);
  });

  it("forbids an organization's own members and owners to change it", async () => {
    const org = await fullOrganization();
    for (const role of ["member", "owner"] as const) {
      const { principal } = await memberOf(org.id, role);
      expect((await getOrganization(as(principal), { id: org.id })).id).toBe(org.id);
      await expect(updateOrganization(as(principal), { id: org.id, max_users: 1000 }), role).rejects.toThrow(ForbiddenError);
      await expect(updateOrganizationLimits(as(principal), { id: org.id, credit_limit: null }), role).rejects.toThrow(ForbiddenError);
      await expect(setOrganizationStatus(as(principal), { id: org.id, status: "cancelled" }), role).rejects.toThrow(ForbiddenError);
    }
    expect(await reload(org.id)).toMatchObject({ maxUsers: 3, creditLimit: 100, status: "active" });
  });

  it("refuses anonymous callers and 404s a plain user", async () => {
    const org = await fullOrganization();
    await expect(updateOrganization(as(anonymous), { id: org.id, name: "x" })).rejects.toThrow(UnauthorizedError);
    const plain = await principalOf(handle.db, await createUser(handle.db));
    await expect(updateOrganization(as(plain), { id: org.id, name: "x" })).rejects.toThrow(NotFoundError);
    await expect(setOrganizationStatus(as(plain), { id: org.id, status: "suspended" })).rejects.toThrow(NotFoundError);
  });
});

describe("platform settings", () => {
  it("updates only the fields given and audits before and after", async () => {
    const before = await loadSettings(handle.db);
    const after = await updatePlatformSettings(asAdmin(), parseInput(UpdateSettingsInput, { default_max_users: before.defaultMaxUsers + 5 }));
    expect(after).toMatchObject({
      defaultMaxUsers: before.defaultMaxUsers + 5,
      autoApproveRegistrations: before.autoApproveRegistrations,
      defaultStorageLimitGb: before.defaultStorageLimitGb,
      defaultBandwidthLimitGb: before.defaultBandwidthLimitGb,
      defaultCreditLimit: before.defaultCreditLimit,
    });
    expect((await getPlatformSettings(asAdmin())).defaultMaxUsers).toBe(before.defaultMaxUsers + 5);

    const [audit] = await handle.db.select().from(auditLogs).where(eq(auditLogs.action, "settings.updated")).orderBy(asc(auditLogs.id));
    expect(audit.metadata).toMatchObject({
      before: { default_max_users: before.defaultMaxUsers },
      after: { default_max_users: before.defaultMaxUsers + 5 },
    });
    await updatePlatformSettings(asAdmin(), { default_max_users: before.defaultMaxUsers });
  });

  it("refuses negative, fractional and wrongly typed values", () => {
    expect(
      inputErrorsOf(UpdateSettingsInput, {
        auto_approve_registrations: "yes",
        default_storage_limit_gb: -1,
        default_max_users: 2.5,
        default_credit_limit: "0",
      }),
    ).toEqual({
      auto_approve_registrations: ["The auto approve registrations field must be true or false."],
      default_storage_limit_gb: ["The default storage limit gb field must be at least 0."],
      default_max_users: ["The default max users field must be an integer."],
      default_credit_limit: ["The default credit limit field must be a number."],
    });
    expect(
      inputErrorsOf(UpdateSettingsInput, {
        auto_approve_registrations: false,
        default_storage_limit_gb: 10,
        default_max_users: 10,
        default_bandwidth_limit_gb: 100,
        default_credit_limit: 0,
      }),
    ).toBeNull();
  });

  it("are read and changed by superadmins only", async () => {
    const { principal: agencyPrincipal } = await createAgencyAdmin(handle.db);
    const plain = await principalOf(handle.db, await createUser(handle.db));
    for (const principal of [agencyPrincipal, plain]) {
      await expect(getPlatformSettings(as(principal))).rejects.toThrow(ForbiddenError);
      await expect(updatePlatformSettings(as(principal), { auto_approve_registrations: true })).rejects.toThrow(ForbiddenError);
    }
    await expect(getPlatformSettings(as(anonymous))).rejects.toThrow(UnauthorizedError);
    await expect(updatePlatformSettings(as(anonymous), { auto_approve_registrations: true })).rejects.toThrow(UnauthorizedError);
    expect((await loadSettings(handle.db)).autoApproveRegistrations).toBe(false);
  });

  it("give new organizations their default limits", async () => {
    const before = await loadSettings(handle.db);
    await updatePlatformSettings(asAdmin(), {
      default_storage_limit_gb: 21,
      default_max_users: 4,
      default_bandwidth_limit_gb: 321,
      default_credit_limit: 750,
    });
    try {
      const org = await createOrganization(asAdmin(), { name: "Defaults", slug: unique("defaults") });
      expect(org).toMatchObject({ storageLimitGb: 21, maxUsers: 4, bandwidthLimitGb: 321, creditLimit: 750 });
    } finally {
      await updatePlatformSettings(asAdmin(), {
        default_storage_limit_gb: before.defaultStorageLimitGb,
        default_max_users: before.defaultMaxUsers,
        default_bandwidth_limit_gb: before.defaultBandwidthLimitGb,
        default_credit_limit: before.defaultCreditLimit,
      });
    }
  });
});
