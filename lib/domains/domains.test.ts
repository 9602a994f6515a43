// Domain verification against a real DNS server on loopback: pending, failed with the reason,
// verified; claims by a second owner; who may manage which domain; audit rows; reads that do not
// wait for a change in flight (PostgreSQL only: PGlite has one connection, nothing runs side by side).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { agencies, auditLogs, domains, organizations } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { resetConfigForTests } from "@/lib/config";
import { withTransaction } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { type TestDnsServer, startDnsServer } from "@/lib/testing/dns-server";
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
import { challengeRecordName } from "./dns-challenge";
import { type DomainOwnerRef, findDomain, getDomain, removeDomain, setDomain, verifyDomain } from "./domains";
import { agencyForHost } from "./resolve-host";
import { blockedOrDone } from "@/lib/testing/locks";

let handle: DatabaseHandle;
let dns: TestDnsServer;
let superadmin: UserPrincipal;
const ROOT = "platform.test";

beforeAll(async () => {
  [handle, dns] = await Promise.all([createTestDatabase(), startDnsServer()]);
  process.env.DNS_SERVERS = dns.address;
  process.env.ROOT_DOMAIN = ROOT;
  resetConfigForTests();
  superadmin = await superadminPrincipal(handle.db);
});
afterAll(async () => {
  delete process.env.DNS_SERVERS;
  delete process.env.ROOT_DOMAIN;
  resetConfigForTests();
  await Promise.all([handle?.close(), dns?.close()]);
});

const as = (principal: UserPrincipal | typeof anonymous) => contextFor(handle.db, principal);
const asSuperadmin = () => as(superadmin);
const newDomain = (prefix = "app") => `${unique(prefix)}.example.com`;

async function agencyWithAdmin() {
  const { agency, user, principal } = await createAgencyAdmin(handle.db);
  return { agency, user, admin: principal };
}

async function agencyOrganization() {
  const { agency, user, admin } = await agencyWithAdmin();
  const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
  return { agency, user, admin, org };
}

async function auditActions(targetType: string, targetId: string | number) {
  const rows = await handle.db
    .select({ action: auditLogs.action, metadata: auditLogs.metadata })
    .from(auditLogs)
    .where(and(eq(auditLogs.targetType, targetType), eq(auditLogs.targetId, String(targetId))))
    .orderBy(asc(auditLogs.id));
  return rows.filter((r) => r.action.startsWith("domain."));
}

/** Publishes the claim's TXT record on the test DNS server. */
function publish(domain: string, token: string) {
  dns.set(challengeRecordName(domain), [token]);
}

describe("an organization's custom domain", () => {
  it("goes pending -> failed (NXDOMAIN) -> failed (no matching TXT) -> verified, routes only when verified, with audit rows", async () => {
    const { agency, admin, org } = await agencyOrganization();
    const ref: DomainOwnerRef = { organizationId: org.id };
    const domain = newDomain();

    const pending = await setDomain(as(admin), { ...ref, domain });
    expect(pending).toMatchObject({ domain, kind: "custom_domain", status: "pending", failureReason: null, checkedAt: null });
    expect(pending.token).toMatch(/^[0-9a-f]{32}$/);
    expect((await handle.db.select().from(organizations).where(eq(organizations.id, org.id)))[0].customDomain).toBe(domain);
    expect(await agencyForHost(handle.db, domain)).toBeNull();

    const nxdomain = await verifyDomain(as(admin), ref);
    expect(nxdomain).toMatchObject({ status: "failed", failureReason: `_cp-challenge.${domain} does not exist (NXDOMAIN).` });
    expect(nxdomain.checkedAt).toBeInstanceOf(Date);

    dns.set(challengeRecordName(domain), ["someone-else's-token"]);
    expect(await verifyDomain(as(admin), ref)).toMatchObject({ status: "failed", failureReason: expect.stringContaining("matches the token") });
    expect(await agencyForHost(handle.db, domain)).toBeNull();

    publish(domain, pending.token);
    const verified = await verifyDomain(as(admin), ref);
    expect(verified).toMatchObject({ status: "verified", failureReason: null, token: pending.token });
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    expect(await agencyForHost(handle.db, `${domain.toUpperCase()}:443`)).toEqual({
      agencyId: agency.id,
      via: "custom_domain",
      organizationId: org.id,
    });

    // Verifying again keeps it verified without asking DNS (the record may be gone by now).
    dns.delete(challengeRecordName(domain));
    expect(await verifyDomain(as(admin), ref)).toMatchObject({ status: "verified" });

    expect(await auditActions("organization", org.id)).toEqual([
      { action: "domain.set", metadata: { kind: "custom_domain", domain, previous: null } },
      { action: "domain.verification_failed", metadata: { kind: "custom_domain", domain, reason: nxdomain.failureReason } },
      { action: "domain.verification_failed", metadata: expect.objectContaining({ domain }) },
      { action: "domain.verified", metadata: { kind: "custom_domain", domain } },
    ]);
  });

  it("keeps a verified domain set again, and replaces it with a new pending claim and token when changed", async () => {
    const { admin, org } = await agencyOrganization();
    const ref = { organizationId: org.id };
    const first = newDomain();
    const claim = await setDomain(as(admin), { ...ref, domain: first });
    publish(first, claim.token);
    await verifyDomain(as(admin), ref);

    expect(await setDomain(as(admin), { ...ref, domain: first })).toMatchObject({ status: "verified", token: claim.token });

    const second = newDomain();
    const replaced = await setDomain(as(admin), { ...ref, domain: second });
    expect(replaced).toMatchObject({ id: claim.id, domain: second, status: "pending", verifiedAt: null });
    expect(replaced.token).not.toBe(claim.token);
    expect(await agencyForHost(handle.db, first)).toBeNull();
    expect(await agencyForHost(handle.db, second)).toBeNull();
    // The old record proves nothing for the new domain.
    expect(await verifyDomain(as(admin), ref)).toMatchObject({ status: "failed", domain: second });
  });

  it("is removed with its claim, freeing the host; removing nothing is a 404", async () => {
    const { admin, org } = await agencyOrganization();
    const ref = { organizationId: org.id };
    const domain = newDomain();
    publish(domain, (await setDomain(as(admin), { ...ref, domain })).token);
    await verifyDomain(as(admin), ref);

    await removeDomain(as(admin), ref);
    expect(await findDomain(as(admin), ref)).toBeNull();
    await expect(getDomain(as(admin), ref)).rejects.toThrow(new NotFoundError("No custom domain is set."));
    expect((await handle.db.select().from(organizations).where(eq(organizations.id, org.id)))[0].customDomain).toBeNull();
    expect(await agencyForHost(handle.db, domain)).toBeNull();
    await expect(removeDomain(as(admin), ref)).rejects.toThrow(NotFoundError);
    await expect(verifyDomain(as(admin), ref)).rejects.toThrow(NotFoundError);
    expect((await auditActions("organization", org.id)).map((r) => r.action)).toEqual(["domain.set", "domain.verified", "domain.removed"]);
  });

  it("refuses the platform's own domain and its subdomains", async () => {
    const { admin, org } = await agencyOrganization();
    for (const domain of [ROOT, `${org.slug}.${ROOT}`, `a.b.${ROOT}`]) {
      const err = await setDomain(as(admin), { organizationId: org.id, domain }).catch((e: unknown) => e);
      expect(err, domain).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors.domain[0]).toContain(ROOT);
    }
    expect(await findDomain(as(admin), { organizationId: org.id })).toBeNull();
  });
});

describe("claims by a second owner", () => {
  it("lets two owners hold pending claims of one domain; the first verified wins, the second gets 409 and a failed claim", async () => {
    const a = await agencyOrganization();
    const b = await agencyOrganization();
    const domain = newDomain("contested");
    const claimA = await setDomain(as(a.admin), { organizationId: a.org.id, domain });
    const claimB = await setDomain(as(b.admin), { organizationId: b.org.id, domain });
    expect(claimB.status).toBe("pending");

    dns.set(challengeRecordName(domain), [claimA.token, claimB.token]);
    expect((await verifyDomain(as(a.admin), { organizationId: a.org.id })).status).toBe("verified");
    await expect(verifyDomain(as(b.admin), { organizationId: b.org.id })).rejects.toSatisfy(
      (e) => e instanceof ConflictError && e.message === `The domain ${domain} is already verified by another owner.`,
    );
    expect(await getDomain(as(b.admin), { organizationId: b.org.id })).toMatchObject({
      status: "failed",
      failureReason: "The domain is already verified by another owner.",
    });
    expect(await agencyForHost(handle.db, domain)).toEqual({ agencyId: a.agency.id, via: "custom_domain", organizationId: a.org.id });

    // Once verified, nobody else may even claim it: an organization or an agency as its console domain.
    const c = await agencyOrganization();
    await expect(setDomain(as(c.admin), { organizationId: c.org.id, domain })).rejects.toThrow(ConflictError);
    await expect(setDomain(as(c.admin), { agencyId: c.agency.id, domain })).rejects.toThrow(ConflictError);
    expect(await findDomain(as(c.admin), { organizationId: c.org.id })).toBeNull();
  });

  it("lets exactly one of two simultaneous verifications win", async () => {
    const a = await agencyOrganization();
    const b = await agencyOrganization();
    const domain = newDomain("race");
    const tokens = [
      (await setDomain(as(a.admin), { organizationId: a.org.id, domain })).token,
      (await setDomain(as(b.admin), { organizationId: b.org.id, domain })).token,
    ];
    dns.set(challengeRecordName(domain), tokens);
    const outcomes = await Promise.allSettled([
      verifyDomain(as(a.admin), { organizationId: a.org.id }),
      verifyDomain(as(b.admin), { organizationId: b.org.id }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const [refused] = outcomes.filter((o) => o.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const verified = await handle.db
      .select()
      .from(domains)
      .where(and(eq(domains.domain, domain), eq(domains.status, "verified")));
    expect(verified).toHaveLength(1);
  });

  it("is refused by the database itself, not only by the service's check", async () => {
    const a = await agencyOrganization();
    const b = await agencyWithAdmin();
    const domain = newDomain("raced");
    await handle.db.insert(domains).values({ domain, kind: "custom_domain", organizationId: a.org.id, status: "verified", token: unique("t") });
    const [second] = await handle.db
      .insert(domains)
      .values({ domain, kind: "console_domain", agencyId: b.agency.id, token: unique("t") })
      .returning();
    await expect(handle.db.update(domains).set({ status: "verified" }).where(eq(domains.id, second.id))).rejects.toMatchObject({
      cause: expect.objectContaining({ code: "23505" }),
    });
  });
});

describe("an agency's console domain", () => {
  it("verifies through the same flow, routes the host to the agency, and is audited on the agency", async () => {
    const { agency, admin } = await agencyWithAdmin();
    const ref = { agencyId: agency.id };
    const domain = newDomain("console");
    const claim = await setDomain(as(admin), { ...ref, domain });
    expect(claim).toMatchObject({ kind: "console_domain", status: "pending", agencyId: agency.id, organizationId: null });
    expect((await handle.db.select().from(agencies).where(eq(agencies.id, agency.id)))[0].consoleDomain).toBe(domain);

    dns.set(challengeRecordName(domain), "timeout");
    // The failing lookup's reason is recorded; the resolver gives up after its retries.
    expect(await verifyDomain(as(admin), ref)).toMatchObject({
      status: "failed",
      failureReason: `The DNS query for _cp-challenge.${domain} timed out.`,
    });

    publish(domain, claim.token);
    expect(await verifyDomain(as(admin), ref)).toMatchObject({ status: "verified" });
    expect(await agencyForHost(handle.db, `${domain}.`)).toEqual({ agencyId: agency.id, via: "console_domain" });
    expect((await auditActions("agency", agency.id)).map((r) => r.action)).toEqual(["domain.set", "domain.verification_failed", "domain.verified"]);
  }, 20_000);
});

describe("who may manage a domain", () => {
  it("organization domains: superadmins and the owning agency's admins; members 403; other agencies 404; anonymous 401", async () => {
    const { admin, org } = await agencyOrganization();
    const other = await agencyWithAdmin();
    const ownerUser = await createUser(handle.db);
    await addOrganizationMember(handle.db, org.id, ownerUser.id, "owner");
    const member = await principalOf(handle.db, ownerUser);
    const ref = { organizationId: org.id };

    expect((await setDomain(asSuperadmin(), { ...ref, domain: newDomain() })).status).toBe("pending");
    expect((await setDomain(as(admin), { ...ref, domain: newDomain() })).status).toBe("pending");
    for (const attempt of [
      () => getDomain(as(member), ref),
      () => setDomain(as(member), { ...ref, domain: newDomain() }),
      () => verifyDomain(as(member), ref),
      () => removeDomain(as(member), ref),
    ])
      await expect(attempt()).rejects.toThrow(ForbiddenError);
    for (const attempt of [
      () => getDomain(as(other.admin), ref),
      () => setDomain(as(other.admin), { ...ref, domain: newDomain() }),
      () => verifyDomain(as(other.admin), ref),
    ])
      await expect(attempt()).rejects.toThrow(NotFoundError);
    await expect(getDomain(as(anonymous), ref)).rejects.toThrow(UnauthorizedError);
  });

  it("console domains: superadmins and the agency's admins; its organizations' members and other agencies 404; a suspended agency's admins 403", async () => {
    const { agency, user, admin, org } = await agencyOrganization();
    const other = await agencyWithAdmin();
    const orgUser = await createUser(handle.db);
    await addOrganizationMember(handle.db, org.id, orgUser.id, "owner");
    const member = await principalOf(handle.db, orgUser);
    const ref = { agencyId: agency.id };

    expect((await setDomain(as(admin), { ...ref, domain: newDomain("console") })).kind).toBe("console_domain");
    expect((await getDomain(asSuperadmin(), ref)).kind).toBe("console_domain");
    await expect(getDomain(as(member), ref)).rejects.toThrow(NotFoundError);
    await expect(setDomain(as(other.admin), { ...ref, domain: newDomain() })).rejects.toThrow(NotFoundError);

    await handle.db.update(agencies).set({ status: "suspended" }).where(eq(agencies.id, agency.id));
    await expect(setDomain(as(await principalOf(handle.db, user)), { ...ref, domain: newDomain() })).rejects.toThrow(ForbiddenError);
    expect((await setDomain(asSuperadmin(), { ...ref, domain: newDomain() })).status).toBe("pending");
  });
});

describe.runIf(usingPostgres())("reading a domain while a change of it is in flight (PostgreSQL)", () => {
  it("answers the committed claim at once, for an organization's and an agency's domain, without waiting for the change's lock", async () => {
    const { agency, admin, org } = await agencyOrganization();
    for (const ref of [{ organizationId: org.id }, { agencyId: agency.id }] satisfies DomainOwnerRef[]) {
      const committed = await setDomain(as(admin), { ...ref, domain: newDomain() });
      let stage: string | undefined;
      let read: Promise<unknown[]> | undefined;
      // The change holds the owner's row (ownerFor, "change") until it commits...
      await withTransaction(as(admin), async (tx) => {
        await setDomain(tx, { ...ref, domain: newDomain() });
        // ...while the console page and GET .../domain read it from other connections.
        read = Promise.all([findDomain(as(admin), ref), getDomain(as(admin), ref)]);
        stage = await blockedOrDone(handle.db, read);
      });
      expect(stage).toBe("done");
      expect(await read).toEqual([committed, committed]);
    }
  });
});
