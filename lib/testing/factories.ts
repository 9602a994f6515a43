// Test data with unique names, built through the real tables (and real password hashing).
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { agencies, agencyMembers, organizationMembers, organizations, registrationRequests, users, type Agency, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { UserPrincipal } from "@/lib/auth/principal";
import { principalForUser } from "@/lib/auth/resolve-principal";
import type { ServiceContext } from "@/lib/context";
import type { OutgoingMail } from "@/lib/mail/outbox";

export function unique(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export const TEST_PASSWORD = "correct horse battery staple";

// Hashing is deliberately slow; tests that do not sign in share one hash.
let sharedHash: Promise<string> | undefined;

export async function createUser(db: Db, overrides: Partial<typeof users.$inferInsert> & { password?: string } = {}): Promise<User> {
  const { password, ...rest } = overrides;
  const passwordHash = password ? await hashPassword(password) : await (sharedHash ??= hashPassword(TEST_PASSWORD));
  const [user] = await db
    .insert(users)
    .values({ email: `${unique("user")}@example.test`, name: "Test User", passwordHash, ...rest })
    .returning();
  return user;
}

export async function createAgency(db: Db, overrides: Partial<typeof agencies.$inferInsert> = {}) {
  const [agency] = await db
    .insert(agencies)
    .values({ name: unique("Agency"), ...overrides })
    .returning();
  return agency;
}

export async function addAgencyMember(db: Db, agencyId: number, userId: number, role: "owner" | "member" = "owner") {
  await db.insert(agencyMembers).values({ agencyId, userId, role });
}

export async function createOrganizationRow(db: Db, overrides: Partial<typeof organizations.$inferInsert> = {}) {
  const slug = unique("org");
  const [org] = await db
    .insert(organizations)
    .values({ name: `Org ${slug}`, slug, ...overrides })
    .returning();
  return org;
}

/** An open (pending) registration request claiming `slug`, inserted as the public form would leave it. */
export async function createRegistrationRow(db: Db, slug: string, overrides: Partial<typeof registrationRequests.$inferInsert> = {}) {
  const [request] = await db
    .insert(registrationRequests)
    .values({
      email: `${slug}@example.test`,
      passwordHash: "x",
      companyName: "Claim Co",
      contactName: "C",
      desiredOrgName: "Claim",
      desiredOrgSlug: slug,
      ...overrides,
    })
    .returning();
  return request;
}

export async function addOrganizationMember(db: Db, organizationId: string, userId: number, role: "owner" | "member" = "owner") {
  await db.insert(organizationMembers).values({ organizationId, userId, role });
}

export async function principalOf(db: Db, user: User, via: UserPrincipal["via"] = "session"): Promise<UserPrincipal> {
  const principal = await principalForUser(db, user.id, via);
  if (!principal) throw new Error(`user ${user.id} is not active`);
  return principal;
}

export function contextFor(db: Db, principal: ServiceContext["principal"], overrides: Partial<ServiceContext> = {}): ServiceContext {
  return { principal, db, requestId: unique("req"), ip: "203.0.113.7", userAgent: "vitest", ...overrides };
}

/** A service context acting as this user, with their principal as a session resolves it. */
export async function contextAs(db: Db, user: User): Promise<ServiceContext> {
  return contextFor(db, await principalOf(db, user));
}

/** A new superadmin's principal. */
export async function superadminPrincipal(db: Db): Promise<UserPrincipal> {
  return principalOf(db, await createUser(db, { isSuperadmin: true }));
}

/** A service context acting as a new superadmin. */
export async function superadminContext(db: Db): Promise<ServiceContext> {
  return contextFor(db, await superadminPrincipal(db));
}

/** A new user made owner of the agency, and the principal they act with. */
export async function addAgencyAdmin(db: Db, agencyId: number): Promise<{ user: User; principal: UserPrincipal }> {
  const user = await createUser(db);
  await addAgencyMember(db, agencyId, user.id);
  return { user, principal: await principalOf(db, user) };
}

/** A new agency with a new owner: the agency, the owner, and the principal the owner acts with. */
export async function createAgencyAdmin(
  db: Db,
  agency: Partial<typeof agencies.$inferInsert> = {},
): Promise<{ agency: Agency; user: User; principal: UserPrincipal }> {
  const created = await createAgency(db, agency);
  return { agency: created, ...(await addAgencyAdmin(db, created.id)) };
}

/** A new user made owner of the agency, and a service context acting as them. */
export async function agencyAdminContext(db: Db, agencyId: number): Promise<ServiceContext> {
  return contextFor(db, (await addAgencyAdmin(db, agencyId)).principal);
}

/** A mail for enqueueMail, with a unique recipient and subject, in the platform's name. */
export function outgoingMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const subject = unique("Subject");
  return {
    kind: "registration_received",
    to: `${unique("rcpt")}@example.test`,
    agencyId: null,
    fromName: "Platform",
    replyTo: null,
    content: { subject, text: `Text of ${subject}`, html: `<p>HTML of ${subject}</p>` },
    ...overrides,
  };
}
