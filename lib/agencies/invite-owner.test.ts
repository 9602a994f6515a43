// Inviting an agency's owner: one step that creates the user and makes them the owner, in one
// transaction. What a superadmin relies on: the new owner can sign in (now, or through the link) as
// the agency's admin, and a refusal at any point leaves no user, no link and no membership behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { agencies, agencyMembers, auditLogs, passwordSetTokens, users } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { verifySignIn } from "@/lib/auth/sign-in";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { addAgencyMember, contextFor, createAgency, createUser, principalOf, superadminPrincipal, unique } from "@/lib/testing/factories";
import { setPasswordWithLink } from "@/lib/users/users";
import { inviteAgencyOwner } from "./agencies";

let handle: DatabaseHandle;
let superadmin: UserPrincipal;

beforeAll(async () => {
  handle = await createTestDatabase();
  superadmin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, superadmin);
const anon = () => contextFor(handle.db, anonymous, { ip: `198.51.100.${Math.floor(Math.random() * 250) + 1}` });
const newEmail = () => `${unique("owner")}@example.test`;

async function usersWithEmail(email: string): Promise<number> {
  const [{ n }] = await handle.db
    .select({ n: count() })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return n;
}

async function membersOf(agencyId: number) {
  return handle.db
    .select({ userId: agencyMembers.userId, role: agencyMembers.role })
    .from(agencyMembers)
    .where(eq(agencyMembers.agencyId, agencyId))
    .orderBy(asc(agencyMembers.userId));
}

async function auditActions(agencyId: number): Promise<string[]> {
  const rows = await handle.db
    .select({ action: auditLogs.action })
    .from(auditLogs)
    .where(eq(auditLogs.agencyId, agencyId))
    .orderBy(asc(auditLogs.id));
  return rows.map((r) => r.action);
}

/** Everything an invitation could have written for this agency or email. */
async function traces(agencyId: number, email: string) {
  const [agency] = await handle.db.select({ ownerUserId: agencies.ownerUserId }).from(agencies).where(eq(agencies.id, agencyId));
  const [{ links }] = await handle.db
    .select({ links: count() })
    .from(passwordSetTokens)
    .innerJoin(users, eq(users.id, passwordSetTokens.userId))
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return {
    users: await usersWithEmail(email),
    links,
    owner: agency?.ownerUserId ?? null,
    members: agency ? await membersOf(agencyId) : [],
    audit: agency ? await auditActions(agencyId) : [],
  };
}

describe("inviteAgencyOwner", () => {
  it("without a password: creates the user, makes them the owner, and the one-time link lets them sign in as the agency's admin", async () => {
    const agency = await createAgency(handle.db);
    const email = newEmail();
    const result = await inviteAgencyOwner(asAdmin(), { id: agency.id, email: email.toUpperCase(), name: "Olive Owner" });

    expect(result.user).toMatchObject({ email, name: "Olive Owner", passwordHash: null, isSuperadmin: false });
    expect(result.agency).toMatchObject({ id: agency.id, ownerUserId: result.user.id });
    expect(result.setPasswordPath).toMatch(/^\/set-password\?token=[\w-]{20,}$/);
    expect(await membersOf(agency.id)).toEqual([{ userId: result.user.id, role: "owner" }]);
    expect(await auditActions(agency.id)).toEqual(["agency.owner_assigned", "agency.owner_invited"]);
    const [invited] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.agencyId, agency.id), eq(auditLogs.action, "agency.owner_invited")));
    expect(invited).toMatchObject({
      actorUserId: superadmin.userId,
      targetId: String(agency.id),
      metadata: { user_id: result.user.id, email, set_password_link: true },
    });
    const [created] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, "user.created"), eq(auditLogs.targetId, String(result.user.id))));
    expect(created.requestId).toBe(invited.requestId);

    // No password yet: signing in fails until the link is used.
    await expect(verifySignIn(anon(), { email, password: "olives-password" })).rejects.toThrow(UnauthorizedError);
    const token = new URL(result.setPasswordPath!, "http://x").searchParams.get("token")!;
    await setPasswordWithLink(anon(), { token, password: "olives-password" });
    const signedIn = await verifySignIn(anon(), { email, password: "olives-password" });
    expect(signedIn.id).toBe(result.user.id);
    expect((await principalOf(handle.db, signedIn)).agencies).toEqual([{ id: agency.id, role: "owner", status: "active" }]);
  });

  it("with a password: no link, and the owner signs in at once", async () => {
    const agency = await createAgency(handle.db);
    const email = newEmail();
    const result = await inviteAgencyOwner(asAdmin(), { id: agency.id, email, name: "Pat", password: "pats-password-1" });

    expect(result.setPasswordPath).toBeNull();
    expect(await traces(agency.id, email)).toMatchObject({ users: 1, links: 0, owner: result.user.id });
    expect((await verifySignIn(anon(), { email, password: "pats-password-1" })).id).toBe(result.user.id);
    const [invited] = await handle.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.agencyId, agency.id), eq(auditLogs.action, "agency.owner_invited")));
    expect(invited.metadata).toMatchObject({ set_password_link: false });
  });

  it("keeps the previous owner as a member", async () => {
    const agency = await createAgency(handle.db);
    const first = await inviteAgencyOwner(asAdmin(), { id: agency.id, email: newEmail(), name: "First", password: "first-password" });
    const second = await inviteAgencyOwner(asAdmin(), { id: agency.id, email: newEmail(), name: "Second", password: "second-password" });
    expect(second.agency.ownerUserId).toBe(second.user.id);
    expect(await membersOf(agency.id)).toEqual(
      [
        { userId: first.user.id, role: "member" },
        { userId: second.user.id, role: "owner" },
      ].sort((a, b) => a.userId - b.userId),
    );
  });

  it("refuses a taken email (in any case) with its field error, writes nothing, and does not hand the agency to that user", async () => {
    const agency = await createAgency(handle.db);
    const existing = await createUser(handle.db);
    const before = await traces(agency.id, existing.email);

    const err = await inviteAgencyOwner(asAdmin(), { id: agency.id, email: existing.email.toUpperCase(), name: "Imposter" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toEqual({ email: ["The email has already been taken."] });
    expect(await traces(agency.id, existing.email)).toEqual(before);
    expect(before).toMatchObject({ users: 1, links: 0, owner: null, members: [], audit: [] });
  });

  it("rolls the new user and their link back when making them the owner fails", async () => {
    const agency = await createAgency(handle.db);
    const email = newEmail();
    // The membership insert, the step after the user and the link are written, fails for this agency only.
    await handle.db.execute(
      sql.raw(`create function refuse_test_membership() returns trigger language plpgsql as $$
        begin raise exception 'membership refused for the test'; end $$`),
    );
    await handle.db.execute(
      sql.raw(`create trigger refuse_test_membership before insert on agency_members
        for each row when (new.agency_id = ${agency.id}) execute function refuse_test_membership()`),
    );
    try {
      await expect(inviteAgencyOwner(asAdmin(), { id: agency.id, email, name: "Half" })).rejects.toThrow();
      expect(await traces(agency.id, email)).toEqual({ users: 0, links: 0, owner: null, members: [], audit: [] });
      const [{ n }] = await handle.db
        .select({ n: count() })
        .from(auditLogs)
        .where(and(eq(auditLogs.action, "user.created"), sql`${auditLogs.metadata}->>'email' = ${email}`));
      expect(n).toBe(0);
    } finally {
      await handle.db.execute(sql.raw("drop trigger refuse_test_membership on agency_members"));
      await handle.db.execute(sql.raw("drop function refuse_test_membership()"));
    }
  });

  it("answers 404 for an unknown agency before anything is written", async () => {
    const email = newEmail();
    await expect(inviteAgencyOwner(asAdmin(), { id: 2_000_000_000, email, name: "Nobody" })).rejects.toThrow(NotFoundError);
    expect(await usersWithEmail(email)).toBe(0);
  });

  it("is refused to an agency's own admin (403) and to anonymous callers (401), writing nothing", async () => {
    const agency = await createAgency(handle.db);
    const admin = await createUser(handle.db);
    await addAgencyMember(handle.db, agency.id, admin.id);
    const before = await traces(agency.id, "nobody@example.test");
    const email = newEmail();

    await expect(
      inviteAgencyOwner(contextFor(handle.db, await principalOf(handle.db, admin)), { id: agency.id, email, name: "Sneaky" }),
    ).rejects.toThrow(ForbiddenError);
    await expect(inviteAgencyOwner(contextFor(handle.db, anonymous), { id: agency.id, email, name: "Sneaky" })).rejects.toThrow(UnauthorizedError);
    expect(await usersWithEmail(email)).toBe(0);
    expect(await traces(agency.id, "nobody@example.test")).toEqual(before);
    expect(before.members).toEqual([{ userId: admin.id, role: "owner" }]);
  });
});
