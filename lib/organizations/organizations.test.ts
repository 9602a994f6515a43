import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, organizations, platformSettings, registrationRequests } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { anonymous } from "@/lib/auth/principal";
import { withTransaction } from "@/lib/context";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { loadSettings } from "@/lib/settings/settings";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createAgencyAdmin,
  createOrganizationRow,
  createRegistrationRow,
  createUser,
  principalOf,
  superadminContext,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { createOrganization, getOrganization, listOrganizations, owningAgencyNames, slugMayContain } from "./organizations";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("createOrganization", () => {
  it("lets a superadmin create a platform organization and audits it", async () => {
    const admin = await superadminPrincipal(handle.db);
    const slug = unique("acme");
    const ctx = contextFor(handle.db, admin, { ip: "198.51.100.4", userAgent: "billing-sync/2", requestId: unique("req") });
    const org = await createOrganization(ctx, { name: "Acme", slug });
    expect(org).toMatchObject({ name: "Acme", slug, status: "active", agencyId: null });
    const [stored] = await handle.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(stored).toEqual(org);
    const audits = await handle.db.select().from(auditLogs).where(eq(auditLogs.targetId, org.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: "organization.created",
      actorType: "user",
      actorUserId: admin.userId,
      actorLabel: admin.email,
      targetType: "organization",
      organizationId: org.id,
      agencyId: null,
      metadata: { name: "Acme", slug },
      ip: "198.51.100.4",
      userAgent: "billing-sync/2",
      requestId: ctx.requestId,
    });
    expect(audits[0].chainSeq).not.toBeNull();
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("refuses a slug that is taken with a conflict, and writes nothing", async () => {
    const admin = await superadminPrincipal(handle.db);
    const existing = await createOrganizationRow(handle.db);
    await expect(createOrganization(contextFor(handle.db, admin), { name: "Copy", slug: existing.slug })).rejects.toThrow(
      new ConflictError("Tenant slug already exists", "slug"),
    );
    expect(await organizationsNamed("Copy")).toBe(0);
    expect(await creationsAudited(existing.slug)).toBe(0);
  });

  it("refuses a slug an open registration claims, and gives it once the registration is rejected", async () => {
    const admin = await superadminPrincipal(handle.db);
    const slug = unique("claimed");
    const request = await createRegistrationRow(handle.db, slug);
    const create = () => createOrganization(contextFor(handle.db, admin), { name: "Squatter", slug });
    await expect(create()).rejects.toThrow(new ConflictError("Tenant slug already exists", "slug"));
    expect(await creationsAudited(slug)).toBe(0);

    await handle.db.update(registrationRequests).set({ status: "rejected" }).where(eq(registrationRequests.id, request.id));
    expect((await create()).slug).toBe(slug);
    expect(await creationsAudited(slug)).toBe(1);
  });

  it("provisions an approved registration on its claimed slug with its limits, and refuses one not approved", async () => {
    const slug = unique("provisioned");
    const pending = await createRegistrationRow(handle.db, slug);
    // The registrant carries out an auto-approved provisioning: no user yet, the approval is the authority.
    const registrant = contextFor(handle.db, anonymous);
    const limits = { credit_limit: null, storage_limit_gb: 3, max_users: 0, bandwidth_limit_gb: null };
    await expect(createOrganization(registrant, { name: "Claim", slug }, { registration: pending, limits })).rejects.toThrow(InvalidStateError);

    const [approved] = await handle.db
      .update(registrationRequests)
      .set({ status: "approved" })
      .where(eq(registrationRequests.id, pending.id))
      .returning();
    const org = await createOrganization(registrant, { name: "Claim", slug }, { registration: approved, limits });
    expect(org).toMatchObject({ slug, agencyId: null, status: "active", creditLimit: null, storageLimitGb: 3, maxUsers: 0, bandwidthLimitGb: null });
    expect(await creationsAudited(slug)).toBe(1);
  });
  it("still creates with the default limits when the settings row was deleted by hand, and restores it", async () => {
    const admin = await superadminPrincipal(handle.db);
    const before = await loadSettings(handle.db);
    await handle.db.delete(platformSettings).where(eq(platformSettings.id, 1));
    try {
      const org = await createOrganization(contextFor(handle.db, admin), { name: "No settings", slug: unique("nosettings") });
      expect(org).toMatchObject({ creditLimit: 0, storageLimitGb: 10, maxUsers: 10, bandwidthLimitGb: 100 });
      expect(await handle.db.select().from(platformSettings)).toHaveLength(1);
    } finally {
      await handle.db
        .insert(platformSettings)
        .values(before)
        .onConflictDoUpdate({ target: platformSettings.id, set: { ...before } });
    }
  });

  it("joins a transaction it is called in, and goes with it when it rolls back", async () => {
    const admin = await superadminPrincipal(handle.db);
    const slug = unique("rolledback");
    const rollback = new Error("the caller gives up");
    await expect(
      withTransaction(contextFor(handle.db, admin), async (tx) => {
        expect((await createOrganization(tx, { name: "Rolled back", slug })).slug).toBe(slug);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await organizationsNamed("Rolled back")).toBe(0);
    expect(await creationsAudited(slug)).toBe(0);
  });

  it("puts an agency admin's organization under its agency", async () => {
    const { agency, principal } = await createAgencyAdmin(handle.db);
    const org = await createOrganization(contextFor(handle.db, principal), { name: "Client", slug: unique("client") });
    expect(org.agencyId).toBe(agency.id);
  });

  it("forbids a user without rights and refuses anonymous callers", async () => {
    const plain = await principalOf(handle.db, await createUser(handle.db));
    await expect(createOrganization(contextFor(handle.db, plain), { name: "X", slug: unique("x") })).rejects.toThrow(ForbiddenError);
    await expect(createOrganization(contextFor(handle.db, anonymous), { name: "X", slug: unique("x") })).rejects.toThrow(UnauthorizedError);
  });
});

// On PostgreSQL the creations run on separate pooled connections and race for real.
describe.runIf(usingPostgres())("simultaneous creations (PostgreSQL)", () => {
  it("give one slug to one of them and a conflict to the others, with one audit row", async () => {
    const admin = await superadminPrincipal(handle.db);
    const slug = unique("race");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => createOrganization(contextFor(handle.db, admin), { name: `Racer ${i}`, slug })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === "rejected")) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await creationsAudited(slug)).toBe(1);
  });
});

async function organizationsNamed(name: string): Promise<number> {
  return (await handle.db.select().from(organizations).where(eq(organizations.name, name))).length;
}

async function creationsAudited(slug: string): Promise<number> {
  const rows = await handle.db
    .select()
    .from(auditLogs)
    .where(sql`${auditLogs.action} = 'organization.created' and ${auditLogs.metadata}->>'slug' = ${slug}`);
  return rows.length;
}

describe("visibility", () => {
  it("shows an agency only its own organizations, and 404s the others", async () => {
    const [agencyA, agencyB] = [await createAgency(handle.db), await createAgency(handle.db)];
    const userA = await createUser(handle.db);
    await addAgencyMember(handle.db, agencyA.id, userA.id);
    const mine = await createOrganizationRow(handle.db, { agencyId: agencyA.id });
    const theirs = await createOrganizationRow(handle.db, { agencyId: agencyB.id });
    const ctx = contextFor(handle.db, await principalOf(handle.db, userA));

    const page = await listOrganizations(ctx, { limit: 200, offset: 0 });
    expect(page.data.map((o) => o.id)).toEqual([mine.id]);
    expect(page.total).toBe(1);
    await expect(getOrganization(ctx, { id: theirs.id })).rejects.toThrow(NotFoundError);
    expect((await getOrganization(ctx, { id: mine.id })).id).toBe(mine.id);
  });

  it("shows an organization member only that organization", async () => {
    const member = await createUser(handle.db);
    const org = await createOrganizationRow(handle.db);
    await createOrganizationRow(handle.db);
    await addOrganizationMember(handle.db, org.id, member.id, "member");
    const page = await listOrganizations(contextFor(handle.db, await principalOf(handle.db, member)), { limit: 50, offset: 0 });
    expect(page.data.map((o) => o.id)).toEqual([org.id]);
  });

  it("searches by name or slug and filters by status for a superadmin", async () => {
    const admin = await superadminPrincipal(handle.db);
    const needle = unique("needle");
    const byName = await createOrganizationRow(handle.db, { name: `The ${needle} Company` });
    const bySlug = await createOrganizationRow(handle.db, { slug: `${needle}-site`, status: "suspended" });
    const ctx = contextFor(handle.db, admin);
    const found = await listOrganizations(ctx, { limit: 50, offset: 0, q: needle });
    expect(found.data.map((o) => o.id).sort()).toEqual([byName.id, bySlug.id].sort());
    const suspended = await listOrganizations(ctx, { limit: 50, offset: 0, q: needle, status: "suspended" });
    expect(suspended.data.map((o) => o.id)).toEqual([bySlug.id]);
    // LIKE wildcards in the search are literal characters, not patterns.
    expect((await listOrganizations(ctx, { limit: 50, offset: 0, q: "%" })).total).toBe(0);
  });

  it("finds by name a search no slug can hold, and by slug one that looks like a slug", async () => {
    const ctx = await superadminContext(handle.db);
    const needle = unique("words");
    const named = await createOrganizationRow(handle.db, { name: `Harbor ${needle} Bakery. Est_1990` });
    const slugged = await createOrganizationRow(handle.db, { name: "Unrelated", slug: `harbor-${needle}-bakery` });
    const search = async (q: string) => (await listOrganizations(ctx, { limit: 50, offset: 0, q })).data.map((o) => o.id);
    expect(await search(`Harbor ${needle} Bakery`)).toEqual([named.id]);
    expect(await search(`${needle} bakery. est_1990`)).toEqual([named.id]);
    expect(await search(`HARBOR-${needle}-BAK`)).toEqual([slugged.id]);
  });

  it("knows which searches no slug can hold", () => {
    for (const q of ["harbor bakery", "a.b", "under_score", "50%", "x@y", "tab\there"]) expect(slugMayContain(q), q).toBe(false);
    // Letters of either case, digits, hyphens; and anything beyond ASCII, which may case-fold to a letter (the Kelvin sign).
    for (const q of ["harbor", "HARBOR-Bak", "42", "-", "café", "\u212a"]) expect(slugMayContain(q), q).toBe(true);
  });

  it("is held by the database to slugs of a-z, 0-9 and hyphens", async () => {
    const refusal = (slug: string) =>
      createOrganizationRow(handle.db, { slug }).then(
        () => "inserted",
        (err: Error & { cause?: Error }) => (err.cause ?? err).message,
      );
    expect(await refusal(`Upper-${unique()}`)).toMatch(/organizations_slug_chars/);
    expect(await refusal(`dot.${unique()}`)).toMatch(/organizations_slug_chars/);
    expect(await refusal(`fine-${unique()}`)).toBe("inserted");
  });

  it("pages a search newest first with the total of all matches, also past its end", async () => {
    const ctx = await superadminContext(handle.db);
    const needle = unique("paged");
    const made = [];
    // A second apart: rows made within one millisecond would be ordered by their random ids.
    const start = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) made.push(await createOrganizationRow(handle.db, { name: `${needle} ${i}`, createdAt: new Date(start + i * 1000) }));
    const newestFirst = made.map((o) => o.id).reverse();
    const first = await listOrganizations(ctx, { limit: 2, offset: 0, q: needle });
    const third = await listOrganizations(ctx, { limit: 2, offset: 4, q: needle });
    expect(first.data.map((o) => o.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.data[0].name).toBe(`${needle} 4`);
    expect(third.data.map((o) => o.id)).toEqual(newestFirst.slice(4));
    expect([first.total, third.total]).toEqual([5, 5]);
    expect(await listOrganizations(ctx, { limit: 2, offset: 10, q: needle })).toEqual({ data: [], total: 5, limit: 2, offset: 10 });
  });
});

describe("owningAgencyNames", () => {
  it("names the agencies of a page's organizations for a superadmin, once each, and skips platform organizations", async () => {
    const admin = await superadminContext(handle.db);
    const [a, b] = [await createAgency(handle.db), await createAgency(handle.db)];
    const orgs = [
      await createOrganizationRow(handle.db, { agencyId: a.id }),
      await createOrganizationRow(handle.db, { agencyId: a.id }),
      await createOrganizationRow(handle.db, { agencyId: b.id }),
      await createOrganizationRow(handle.db),
    ];
    const names = await owningAgencyNames(
      admin,
      orgs.map((o) => o.id),
    );
    expect([...names.entries()].sort(([x], [y]) => x - y)).toEqual([
      [a.id, a.name],
      [b.id, b.name],
    ]);
    expect(await owningAgencyNames(admin, [])).toEqual(new Map());
  });

  it("names only the agencies of organizations the principal may see", async () => {
    const [mine, theirs] = [await createAgency(handle.db), await createAgency(handle.db)];
    const myOrg = await createOrganizationRow(handle.db, { agencyId: mine.id });
    const theirOrg = await createOrganizationRow(handle.db, { agencyId: theirs.id });
    const agencyAdmin = await createUser(handle.db);
    await addAgencyMember(handle.db, mine.id, agencyAdmin.id);
    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, theirOrg.id, member.id, "member");

    const asAgency = contextFor(handle.db, await principalOf(handle.db, agencyAdmin));
    expect(await owningAgencyNames(asAgency, [myOrg.id, theirOrg.id])).toEqual(new Map([[mine.id, mine.name]]));
    // A member sees the name of the agency behind its own organization, and of no other.
    const asMember = contextFor(handle.db, await principalOf(handle.db, member));
    expect(await owningAgencyNames(asMember, [myOrg.id, theirOrg.id])).toEqual(new Map([[theirs.id, theirs.name]]));
    await expect(owningAgencyNames(contextFor(handle.db, anonymous), [myOrg.id])).rejects.toThrow(UnauthorizedError);
  });
});
