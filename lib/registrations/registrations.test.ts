// The registration workflow as an operator checks it: what the public form accepts, what is stored,
// who is told, the rate limit, and the approve / reject / provision state machine with its audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, notifications, organizationMembers, organizations, registrationRequests, users, type RegistrationRequest } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { type Principal, type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { verifySignIn } from "@/lib/auth/sign-in";
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, RateLimitedError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { loadSettings, updatePlatformSettings } from "@/lib/settings/settings";
import { createOrganization } from "@/lib/organizations/organizations";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { fieldErrorsOf, inputErrorsOf } from "@/lib/testing/field-errors";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { parseInput } from "@/lib/validation";
import { getRegistration, listRegistrations } from "./queries";
import { approveRegistration, provisionRegistration, rejectRegistration } from "./review-registration";
import { ApproveInput, RegisterInput } from "./schemas";
import { submitRegistration } from "./submit-registration";
import { toRegistrationView } from "./views";

const PASSWORD = "s3cret-passw0rd!";
const DESIRED_SLUG_TAKEN = "The desired org slug has already been taken.";
const ORG_SLUG_TAKEN = "The org slug has already been taken.";

let handle: DatabaseHandle;
let admin: UserPrincipal;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

// Registrations are rate limited per ip: every submission comes from its own address unless a
// test is about the limit.
let lastIp = 0;
function freshIp(): string {
  lastIp += 1;
  return `10.20.${Math.floor(lastIp / 250)}.${(lastIp % 250) + 1}`;
}

function form(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const slug = unique("reg");
  return {
    email: `${slug}@example.test`,
    password: PASSWORD,
    company_name: "Acme Corp",
    contact_name: "Jane Doe",
    phone: "+1234567890",
    desired_org_name: "Acme Corp",
    desired_org_slug: slug,
    utm_source: "google",
    utm_medium: "cpc",
    utm_campaign: "summer",
    ...overrides,
  };
}

/** Submits the form as the public route does: anonymous, validated by the route's schema. */
function submit(body: Record<string, unknown>, ip = freshIp()): Promise<RegistrationRequest> {
  return submitRegistration(contextFor(handle.db, anonymous, { ip }), parseInput(RegisterInput, body));
}

const asAdmin = () => contextFor(handle.db, admin);

const formErrors = (body: Record<string, unknown>) => inputErrorsOf(RegisterInput, body);

async function reload(id: number): Promise<RegistrationRequest> {
  const [row] = await handle.db.select().from(registrationRequests).where(eq(registrationRequests.id, id));
  return row;
}

async function auditActionsFor(targetType: string, targetId: string | number): Promise<string[]> {
  const rows = await handle.db
    .select({ action: auditLogs.action })
    .from(auditLogs)
    .where(and(eq(auditLogs.targetType, targetType), eq(auditLogs.targetId, String(targetId))))
    .orderBy(asc(auditLogs.id));
  return rows.map((r) => r.action);
}

async function organizationsWithSlug(slug: string): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(organizations).where(eq(organizations.slug, slug));
  return n;
}

async function approved(overrides: Record<string, unknown> = {}, approval: Record<string, unknown> = {}) {
  const request = await submit(form(overrides));
  return approveRegistration(asAdmin(), { ...parseInput(ApproveInput, approval), id: request.id });
}

describe("the registration form", () => {
  it("accepts seed 002's example body", () => {
    expect(formErrors(form({ email: "user@example.com", password: "securepassword", desired_org_slug: "acme-corp" }))).toBeNull();
  });

  it("refuses a malformed email and a password shorter than 8 characters", () => {
    expect(formErrors(form({ email: "not-an-email", password: "short" }))).toEqual({
      email: ["The email field must be a valid email address."],
      password: ["The password field must be at least 8 characters."],
    });
    expect(formErrors(form({ password: "12345678" }))).toBeNull();
  });

  it("holds the desired slug to the subdomain rules", () => {
    expect(formErrors(form({ desired_org_slug: "Acme Corp" }))).toEqual({ desired_org_slug: ["The desired org slug field format is invalid."] });
    expect(formErrors(form({ desired_org_slug: "ab" }))).toEqual({ desired_org_slug: ["The desired org slug field must be at least 3 characters."] });
    expect(formErrors(form({ desired_org_slug: "a".repeat(64) }))).toEqual({
      desired_org_slug: ["The desired org slug field must not be greater than 63 characters."],
    });
    for (const slug of ["-acme", "acme-", "ac--me", "acme_corp", "acmé"]) {
      expect(formErrors(form({ desired_org_slug: slug })), slug).toEqual({ desired_org_slug: ["The desired org slug field format is invalid."] });
    }
    for (const slug of ["abc", "a-b-c", "acme-2024", "a".repeat(63)]) expect(formErrors(form({ desired_org_slug: slug })), slug).toBeNull();
  });

  it("requires the names and bounds their lengths", () => {
    const { company_name: _c, contact_name: _n, desired_org_name: _d, ...rest } = form();
    expect(formErrors(rest)).toEqual({
      company_name: ["The company name field is required."],
      contact_name: ["The contact name field is required."],
      desired_org_name: ["The desired org name field is required."],
    });
    expect(formErrors(form({ company_name: "   " }))).toEqual({ company_name: ["The company name field is required."] });
    expect(formErrors(form({ company_name: "x".repeat(256), utm_source: "u".repeat(101), password: "p".repeat(201) }))).toEqual({
      password: ["The password field must not be greater than 200 characters."],
      company_name: ["The company name field must not be greater than 255 characters."],
      utm_source: ["The utm source field must not be greater than 100 characters."],
    });
    expect(formErrors(form({ company_name: "x".repeat(255) }))).toBeNull();
  });

  it("takes the optional phone and utm fields as absent", async () => {
    const { phone: _p, utm_source: _s, utm_medium: _m, utm_campaign: _c, ...rest } = form();
    const request = await submit(rest);
    expect(request).toMatchObject({ phone: null, utmSource: null, utmMedium: null, utmCampaign: null, status: "pending_approval" });
  });
});

describe("submitRegistration", () => {
  it("stores a pending request with the utm fields and the lower-cased email", async () => {
    const body = form();
    const request = await submit({ ...body, email: String(body.email).toUpperCase() });
    expect(request).toMatchObject({
      status: "pending_approval",
      email: body.email,
      companyName: "Acme Corp",
      desiredOrgSlug: body.desired_org_slug,
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "summer",
      organizationId: null,
    });
  });

  it("refuses a slug that an organization uses", async () => {
    const org = await createOrganizationRow(handle.db);
    expect(await fieldErrorsOf(submit(form({ desired_org_slug: org.slug })))).toEqual({ desired_org_slug: [DESIRED_SLUG_TAKEN] });
  });

  it("refuses a slug that another pending or approved request claims, but not a rejected one's", async () => {
    const pending = await submit(form());
    expect(await fieldErrorsOf(submit(form({ desired_org_slug: pending.desiredOrgSlug })))).toEqual({ desired_org_slug: [DESIRED_SLUG_TAKEN] });

    // An approval with another slug claims that slug and frees the desired one.
    const approvedSlug = unique("approved");
    const request = await approved({}, { org_slug: approvedSlug });
    expect(await fieldErrorsOf(submit(form({ desired_org_slug: approvedSlug })))).toEqual({ desired_org_slug: [DESIRED_SLUG_TAKEN] });
    expect((await submit(form({ desired_org_slug: request.desiredOrgSlug }))).status).toBe("pending_approval");

    await rejectRegistration(asAdmin(), { id: pending.id, reason: "Duplicate" });
    expect((await submit(form({ desired_org_slug: pending.desiredOrgSlug }))).status).toBe("pending_approval");
  });

  it("refuses a second pending request for the same email, whatever its case, until the first is reviewed", async () => {
    const first = await submit(form());
    const errors = await fieldErrorsOf(submit(form({ email: first.email.toUpperCase() })));
    expect(Object.keys(errors)).toEqual(["email"]);
    expect(errors.email).toEqual(["A registration for this email is already waiting for approval."]);

    await rejectRegistration(asAdmin(), { id: first.id, reason: "Try again with the right company" });
    expect((await submit(form({ email: first.email }))).status).toBe("pending_approval");
  });

  it("refuses the email of an existing user", async () => {
    const user = await createUser(handle.db);
    expect(await fieldErrorsOf(submit(form({ email: user.email })))).toEqual({ email: ["The email has already been taken."] });
  });

  it("stores the password hashed, and never shows it", async () => {
    const request = await submit(form());
    const row = await reload(request.id);
    expect(row.passwordHash).not.toBe(PASSWORD);
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    expect(await verifyPassword("another password", row.passwordHash)).toBe(false);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);

    const view = toRegistrationView(row);
    expect(Object.keys(view).filter((k) => k.includes("password"))).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(row.passwordHash);
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
  });

  it("notifies every active superadmin, and nobody else, and audits the submission", async () => {
    const other = await createUser(handle.db, { isSuperadmin: true });
    const disabled = await createUser(handle.db, { isSuperadmin: true, status: "disabled" });
    const plain = await createUser(handle.db);
    const ip = freshIp();
    const request = await submit(form(), ip);

    const link = `/registrations/${request.id}`;
    const told = await handle.db.select().from(notifications).where(eq(notifications.link, link));
    expect(told.map((n) => n.userId).sort()).toEqual([admin.userId, other.id].sort());
    expect(told.map((n) => n.userId)).not.toContain(disabled.id);
    expect(told.map((n) => n.userId)).not.toContain(plain.id);
    for (const n of told) {
      expect(n).toMatchObject({ type: "registration.submitted", readAt: null });
      expect(n.title).toContain("Acme Corp");
      expect(n.body).toContain(request.email);
    }

    const [audit] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "registration.submitted"), eq(auditLogs.targetId, String(request.id))));
    expect(audit).toMatchObject({ targetType: "registration_request", actorType: "anonymous", actorLabel: request.email, ip });
  });

  it("writes nothing, and tells nobody, for a refused registration", async () => {
    const org = await createOrganizationRow(handle.db);
    const body = form({ desired_org_slug: org.slug });
    await expect(submit(body)).rejects.toThrow(ValidationError);
    const [{ n }] = await handle.db
      .select({ n: count() })
      .from(registrationRequests)
      .where(eq(registrationRequests.email, String(body.email)));
    expect(n).toBe(0);
    const [{ told }] = await handle.db
      .select({ told: count() })
      .from(notifications)
      .where(sql`${notifications.body} like ${`%${String(body.email)}%`}`);
    expect(told).toBe(0);
  });

  it("limits one ip to 5 registrations an hour; another ip is unaffected", async (ctx) => {
    const hour = () => Math.floor(Date.now() / 3_600_000);
    const startedInHour = hour();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await submit(form(), ip);
    const sixth = form();
    const err = await submit(sixth, ip).catch((e: unknown) => e);
    // The window is the clock hour: five submissions that straddle its end count in two windows.
    if (hour() !== startedInHour) ctx.skip();
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((err as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(3600);
    const [{ n }] = await handle.db
      .select({ n: count() })
      .from(registrationRequests)
      .where(eq(registrationRequests.email, String(sixth.email)));
    expect(n).toBe(0);

    expect((await submit(form(), freshIp())).status).toBe("pending_approval");
  });
});

describe("approveRegistration", () => {
  it("fills what the reviewer leaves out from the desired values and the platform settings", async () => {
    const before = await loadSettings(handle.db);
    await updatePlatformSettings(asAdmin(), {
      default_storage_limit_gb: 17,
      default_max_users: 7,
      default_bandwidth_limit_gb: 77,
      default_credit_limit: 1234,
    });
    try {
      const request = await submit(form({ desired_org_name: "Defaults Ltd" }));
      const result = await approveRegistration(asAdmin(), { ...parseInput(ApproveInput, {}), id: request.id });
      expect(result).toMatchObject({
        status: "approved",
        orgName: "Defaults Ltd",
        orgSlug: request.desiredOrgSlug,
        creditLimit: 1234,
        storageLimitGb: 17,
        maxUsers: 7,
        bandwidthLimitGb: 77,
        reviewedBy: admin.userId,
      });
      expect(result.reviewedAt).toBeInstanceOf(Date);
      expect(await auditActionsFor("registration_request", request.id)).toEqual(["registration.submitted", "registration.approved"]);
    } finally {
      await updatePlatformSettings(asAdmin(), {
        default_storage_limit_gb: before.defaultStorageLimitGb,
        default_max_users: before.defaultMaxUsers,
        default_bandwidth_limit_gb: before.defaultBandwidthLimitGb,
        default_credit_limit: before.defaultCreditLimit,
      });
    }
  });

  it("honours the reviewer's name, slug and limits (seed 002's example), null meaning unlimited", async () => {
    const slug = unique("custom");
    const result = await approved(
      {},
      { org_name: "Custom Name", org_slug: slug, initial_credit_limit: 5000, storage_limit_gb: 20, max_users: 25, bandwidth_limit_gb: null },
    );
    expect(result).toMatchObject({
      status: "approved",
      orgName: "Custom Name",
      orgSlug: slug,
      creditLimit: 5000,
      storageLimitGb: 20,
      maxUsers: 25,
      bandwidthLimitGb: null,
    });
    expect(toRegistrationView(result)).toMatchObject({
      org_name: "Custom Name",
      org_slug: slug,
      initial_credit_limit: 5000,
      storage_limit_gb: 20,
      max_users: 25,
    });
  });

  it("is idempotent: approving again without changes returns the first approval and audits once", async () => {
    const first = await approved({}, { max_users: 3 });
    const again = await approveRegistration(asAdmin(), { id: first.id });
    expect(again).toMatchObject({ status: "approved", maxUsers: 3, orgName: first.orgName, orgSlug: first.orgSlug });
    expect(await auditActionsFor("registration_request", first.id)).toEqual(["registration.submitted", "registration.approved"]);
  });

  it("amends an approval given new values, keeping what is not given", async () => {
    const first = await approved({}, { max_users: 3, storage_limit_gb: 7 });
    const amended = await approveRegistration(asAdmin(), { id: first.id, max_users: 99, org_name: "Other" });
    expect(amended).toMatchObject({ status: "approved", maxUsers: 99, orgName: "Other", storageLimitGb: 7, orgSlug: first.orgSlug });
    expect(await auditActionsFor("registration_request", first.id)).toEqual([
      "registration.submitted",
      "registration.approved",
      "registration.approved",
    ]);
  });

  it("refuses to approve a rejected request with a 409", async () => {
    const request = await submit(form());
    await rejectRegistration(asAdmin(), { id: request.id, reason: "Spam" });
    const err = await approveRegistration(asAdmin(), { id: request.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidStateError);
    expect((err as InvalidStateError).status).toBe(409);
    expect((await reload(request.id)).status).toBe("rejected");
  });

  it("refuses an org slug that an organization or another open request holds, leaving the request pending", async () => {
    const org = await createOrganizationRow(handle.db);
    const other = await submit(form());
    const request = await submit(form());
    for (const slug of [org.slug, other.desiredOrgSlug]) {
      expect(await fieldErrorsOf(approveRegistration(asAdmin(), { id: request.id, org_slug: slug }))).toEqual({ org_slug: [ORG_SLUG_TAKEN] });
    }
    expect((await reload(request.id)).status).toBe("pending_approval");
    // Its own desired slug is not "taken" by itself.
    expect((await approveRegistration(asAdmin(), { id: request.id, org_slug: request.desiredOrgSlug })).status).toBe("approved");
  });

  it("refuses to approve a request whose desired slug an organization took meanwhile", async () => {
    const request = await submit(form());
    await createOrganizationRow(handle.db, { slug: request.desiredOrgSlug });
    const errors = await fieldErrorsOf(approveRegistration(asAdmin(), { id: request.id }));
    expect(Object.keys(errors)).toEqual(["desired_org_slug"]);
    expect(errors.desired_org_slug[0]).toMatch(/has already been taken\.$/);
  });

  it("answers 404 for an unknown request", async () => {
    await expect(approveRegistration(asAdmin(), { id: 2_000_000_000 })).rejects.toThrow(NotFoundError);
  });
});

describe("rejectRegistration", () => {
  it("rejects a pending request and stores the reason and the reviewer", async () => {
    const request = await submit(form());
    const rejected = await rejectRegistration(asAdmin(), { id: request.id, reason: "Invalid business information provided" });
    expect(rejected).toMatchObject({ status: "rejected", rejectionReason: "Invalid business information provided", reviewedBy: admin.userId });
    const [audit] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "registration.rejected"), eq(auditLogs.targetId, String(request.id))));
    expect(audit.metadata).toMatchObject({ reason: "Invalid business information provided", previous_status: "pending_approval" });
    expect(audit.actorUserId).toBe(admin.userId);
  });

  it("rejects an approved request", async () => {
    const request = await approved();
    const rejected = await rejectRegistration(asAdmin(), { id: request.id, reason: "Payment failed" });
    expect(rejected).toMatchObject({ status: "rejected", rejectionReason: "Payment failed" });
    expect(await auditActionsFor("registration_request", request.id)).toEqual([
      "registration.submitted",
      "registration.approved",
      "registration.rejected",
    ]);
  });

  it("is idempotent: rejecting again keeps the first reason", async () => {
    const request = await submit(form());
    await rejectRegistration(asAdmin(), { id: request.id, reason: "First reason" });
    expect(await rejectRegistration(asAdmin(), { id: request.id, reason: "Second reason" })).toMatchObject({
      status: "rejected",
      rejectionReason: "First reason",
    });
    expect((await auditActionsFor("registration_request", request.id)).filter((a) => a === "registration.rejected")).toHaveLength(1);
  });

  it("refuses to reject a provisioned request with a 409", async () => {
    const request = await approved();
    await provisionRegistration(asAdmin(), { id: request.id });
    await expect(rejectRegistration(asAdmin(), { id: request.id, reason: "Too late" })).rejects.toThrow(InvalidStateError);
    expect((await reload(request.id)).status).toBe("active");
  });
});

describe("provisionRegistration", () => {
  it("refuses to provision a pending or a rejected request with a 409", async () => {
    const pending = await submit(form());
    await expect(provisionRegistration(asAdmin(), { id: pending.id })).rejects.toThrow(InvalidStateError);
    const rejected = await submit(form());
    await rejectRegistration(asAdmin(), { id: rejected.id, reason: "No" });
    await expect(provisionRegistration(asAdmin(), { id: rejected.id })).rejects.toThrow(InvalidStateError);
    expect(await organizationsWithSlug(pending.desiredOrgSlug)).toBe(0);
    expect(await organizationsWithSlug(rejected.desiredOrgSlug)).toBe(0);
  });

  it("creates the owner with the registrant's password, the organization with the approved values, and the membership", async () => {
    const slug = unique("prov");
    const body = form({ email: `${unique("Owner")}@Example.test`, contact_name: "Olive Owner" });
    const request = await submit(body);
    await approveRegistration(asAdmin(), {
      id: request.id,
      org_name: "Provisioned Inc",
      org_slug: slug,
      initial_credit_limit: 5000,
      storage_limit_gb: 20,
      max_users: 25,
      bandwidth_limit_gb: 300,
    });

    const { request: active, organizationId } = await provisionRegistration(asAdmin(), { id: request.id });
    expect(active).toMatchObject({ status: "active", organizationId });

    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, organizationId));
    expect(org).toMatchObject({
      name: "Provisioned Inc",
      slug,
      status: "active",
      agencyId: null,
      creditLimit: 5000,
      storageLimitGb: 20,
      maxUsers: 25,
      bandwidthLimitGb: 300,
    });

    const [owner] = await handle.db
      .select()
      .from(users)
      .where(eq(users.email, String(body.email).toLowerCase()));
    expect(owner).toMatchObject({
      name: "Olive Owner",
      isSuperadmin: false,
      status: "active",
      passwordHash: (await reload(request.id)).passwordHash,
    });
    const signedIn = await verifySignIn(contextFor(handle.db, anonymous, { ip: freshIp() }), { email: String(body.email), password: PASSWORD });
    expect(signedIn.id).toBe(owner.id);

    const members = await handle.db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, organizationId));
    expect(members.map((m) => ({ userId: m.userId, role: m.role }))).toEqual([{ userId: owner.id, role: "owner" }]);

    expect(await auditActionsFor("registration_request", request.id)).toEqual([
      "registration.submitted",
      "registration.approved",
      "registration.provisioned",
    ]);
    expect(await auditActionsFor("organization", organizationId)).toEqual(["organization.created"]);
    expect(await auditActionsFor("user", owner.id)).toContain("user.created");
  });

  it("is idempotent: provisioning again returns the same organization and creates nothing more", async () => {
    const request = await approved();
    const first = await provisionRegistration(asAdmin(), { id: request.id });
    const again = await provisionRegistration(asAdmin(), { id: request.id });
    expect(again.organizationId).toBe(first.organizationId);
    expect(again.request.status).toBe("active");
    expect(await organizationsWithSlug(request.orgSlug!)).toBe(1);
    const [{ n }] = await handle.db.select({ n: count() }).from(users).where(eq(users.email, request.email));
    expect(n).toBe(1);
    expect((await auditActionsFor("registration_request", request.id)).filter((a) => a === "registration.provisioned")).toHaveLength(1);
  });
});

describe("an approved registration's slug", () => {
  // Creating a tenant (REST v1, platform API, console) checks open registrations as well as organizations:
  // a tenant given the slug of an APPROVED registration would make that registration impossible to
  // provision (409 forever, and approving again is a no-op).
  it("is not given to another tenant, so the registration can still be provisioned", async () => {
    const request = await approved();
    await expect(createOrganization(asAdmin(), { name: "Squatter", slug: request.orgSlug! })).rejects.toThrow(ConflictError);
    const { organizationId } = await provisionRegistration(asAdmin(), { id: request.id });
    const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, organizationId));
    expect(org.slug).toBe(request.orgSlug);
  });
});

// On PostgreSQL the calls run on separate pooled connections and race for real; PGlite has one
// connection, so there they interleave between queries and show the sequential outcomes only.
describe(`under concurrency (${usingPostgres() ? "PostgreSQL" : "PGlite: sequential only"})`, () => {
  it("stores one request for three simultaneous registrations of one slug", async () => {
    const slug = unique("race");
    const results = await Promise.allSettled([1, 2, 3].map(() => submit(form({ desired_org_slug: slug }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(ValidationError);
      expect((r.reason as ValidationError).fieldErrors).toEqual({ desired_org_slug: [DESIRED_SLUG_TAKEN] });
    }
    const [{ n }] = await handle.db.select({ n: count() }).from(registrationRequests).where(eq(registrationRequests.desiredOrgSlug, slug));
    expect(n).toBe(1);
  });

  it("creates one organization for three simultaneous provisionings of one request", async () => {
    const request = await approved();
    const results = await Promise.all([1, 2, 3].map(() => provisionRegistration(asAdmin(), { id: request.id })));
    expect(new Set(results.map((r) => r.organizationId)).size).toBe(1);
    expect(await organizationsWithSlug(request.orgSlug!)).toBe(1);
  });

  it("approves one of two requests given the same org slug at once", async () => {
    const [a, b] = [await submit(form()), await submit(form())];
    const slug = unique("contested");
    const results = await Promise.allSettled([a, b].map((r) => approveRegistration(asAdmin(), { id: r.id, org_slug: slug })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect((refused.reason as ValidationError).fieldErrors).toEqual({ org_slug: [ORG_SLUG_TAKEN] });
  });

  it("lets exactly 5 of 8 simultaneous registrations from one ip through", async (ctx) => {
    const hour = () => Math.floor(Date.now() / 3_600_000);
    const startedInHour = hour();
    const ip = freshIp();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => submit(form(), ip)));
    if (hour() !== startedInHour) ctx.skip();
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(r.reason).toBeInstanceOf(RateLimitedError);
  });
});

describe("auto-approval", () => {
  it("with auto_approve_registrations on, a registration comes back active with its organization", async () => {
    await updatePlatformSettings(asAdmin(), { auto_approve_registrations: true });
    try {
      const body = form();
      const request = await submit(body);
      expect(request.status).toBe("active");
      expect(request.organizationId).toEqual(expect.any(String));
      const [org] = await handle.db.select().from(organizations).where(eq(organizations.id, request.organizationId!));
      expect(org).toMatchObject({ slug: body.desired_org_slug, name: body.desired_org_name, status: "active" });
      const settings = await loadSettings(handle.db);
      expect(org).toMatchObject({
        storageLimitGb: settings.defaultStorageLimitGb,
        maxUsers: settings.defaultMaxUsers,
        creditLimit: settings.defaultCreditLimit,
      });
      const signedIn = await verifySignIn(contextFor(handle.db, anonymous, { ip: freshIp() }), { email: String(body.email), password: PASSWORD });
      const [membership] = await handle.db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, org.id));
      expect(membership).toMatchObject({ userId: signedIn.id, role: "owner" });
      expect(await auditActionsFor("registration_request", request.id)).toEqual([
        "registration.submitted",
        "registration.approved",
        "registration.provisioned",
      ]);
    } finally {
      await updatePlatformSettings(asAdmin(), { auto_approve_registrations: false });
    }
    expect((await submit(form())).status).toBe("pending_approval");
  });
});

describe("listRegistrations", () => {
  it("filters by status, newest first, with the total", async () => {
    const pending = await submit(form());
    const rejected = await submit(form());
    await rejectRegistration(asAdmin(), { id: rejected.id, reason: "No" });

    const page = await listRegistrations(asAdmin(), { status: "rejected", limit: 200, offset: 0 });
    expect(page.data.every((r) => r.status === "rejected")).toBe(true);
    expect(page.data.map((r) => r.id)).toContain(rejected.id);
    expect(page.data.map((r) => r.id)).not.toContain(pending.id);
    const [{ n }] = await handle.db.select({ n: count() }).from(registrationRequests).where(eq(registrationRequests.status, "rejected"));
    expect(page.total).toBe(n);

    const all = await listRegistrations(asAdmin(), { limit: 2, offset: 0 });
    expect(all.data).toHaveLength(2);
    expect(all.data[0].id).toBe(rejected.id);
    expect(all.data[1].id).toBe(pending.id);
  });
});

describe("authorization", () => {
  let outsiders: [string, Principal, typeof UnauthorizedError | typeof ForbiddenError][];

  beforeAll(async () => {
    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db)).id, member.id, "owner");
    const agencyAdmin = await createUser(handle.db);
    await addAgencyMember(handle.db, (await createAgency(handle.db)).id, agencyAdmin.id);
    outsiders = [
      ["anonymous", anonymous, UnauthorizedError],
      ["an organization owner", await principalOf(handle.db, member), ForbiddenError],
      ["an agency admin", await principalOf(handle.db, agencyAdmin), ForbiddenError],
      ["a plain user", await principalOf(handle.db, await createUser(handle.db)), ForbiddenError],
    ];
  });

  it("reserves listing, reading, approving, rejecting and provisioning to superadmins", async () => {
    const pending = await submit(form());
    const approvedRequest = await approved();
    for (const [who, principal, expected] of outsiders) {
      const ctx = contextFor(handle.db, principal);
      await expect(listRegistrations(ctx, { limit: 50, offset: 0 }), `${who} lists`).rejects.toThrow(expected);
      await expect(getRegistration(ctx, { id: pending.id }), `${who} reads`).rejects.toThrow(expected);
      await expect(approveRegistration(ctx, { id: pending.id }), `${who} approves`).rejects.toThrow(expected);
      await expect(rejectRegistration(ctx, { id: pending.id, reason: "x" }), `${who} rejects`).rejects.toThrow(expected);
      await expect(provisionRegistration(ctx, { id: approvedRequest.id }), `${who} provisions`).rejects.toThrow(expected);
    }
    expect((await reload(pending.id)).status).toBe("pending_approval");
    expect((await reload(approvedRequest.id)).status).toBe("approved");

    expect((await getRegistration(asAdmin(), { id: pending.id })).id).toBe(pending.id);
    expect((await listRegistrations(asAdmin(), { limit: 50, offset: 0 })).total).toBeGreaterThan(0);
    expect((await provisionRegistration(asAdmin(), { id: approvedRequest.id })).request.status).toBe("active");
  });
});

describe("provisionRegistration after its organization is gone", () => {
  it("refuses with a 409 instead of provisioning a second organization", async () => {
    const request = await approved();
    const { organization } = await provisionRegistration(asAdmin(), { id: request.id });
    await handle.db.delete(organizations).where(eq(organizations.id, organization.id));
    await expect(provisionRegistration(asAdmin(), { id: request.id })).rejects.toThrow(InvalidStateError);
    expect(await organizationsWithSlug(request.orgSlug!)).toBe(0);
  });
});
