// Provisioning that fails for an unexpected reason (here a trigger that refuses the organization's row,
// as a full disk or a broken schema would) is reported to every superadmin with a link to the
// registration; refusals the caller is told of (a taken slug, a wrong state) are not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, notifications, organizations, registrationRequests, users, type RegistrationRequest } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { InvalidStateError, ServiceError } from "@/lib/errors";
import { updatePlatformSettings } from "@/lib/settings/settings";
import { createTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser, superadminPrincipal, unique } from "@/lib/testing/factories";
import { parseInput } from "@/lib/validation";
import { approveRegistration, provisionRegistration } from "./review-registration";
import { RegisterInput } from "./schemas";
import { submitRegistration } from "./submit-registration";

const FAILURE = "simulated storage failure";

let handle: DatabaseHandle;
let admin: UserPrincipal;
let otherAdmin: number;
let plainUser: number;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
  otherAdmin = (await createUser(handle.db, { isSuperadmin: true })).id;
  plainUser = (await createUser(handle.db)).id;
  // Organizations whose slug starts with "boom-" cannot be stored.
  await handle.db.execute(
    sql.raw(`create function refuse_boom_organizations() returns trigger language plpgsql as $$
      begin
        if new.slug like 'boom-%' then raise exception '${FAILURE}'; end if;
        return new;
      end $$`),
  );
  await handle.db.execute(
    sql.raw("create trigger refuse_boom_organizations before insert on organizations for each row execute function refuse_boom_organizations()"),
  );
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);
let ipCounter = 0;

function register(slug: string): Promise<RegistrationRequest> {
  ipCounter += 1;
  const body = {
    email: `${slug}@example.test`,
    password: "s3cret-passw0rd!",
    company_name: `Company ${slug}`,
    contact_name: "Jane Doe",
    desired_org_name: "Boom Org",
    desired_org_slug: slug,
  };
  return submitRegistration(
    contextFor(handle.db, anonymous, { ip: `10.30.0.${ipCounter}`, requestId: `req-${slug}` }),
    parseInput(RegisterInput, body),
  );
}

const failureNotes = (id: number) =>
  handle.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.type, "registration.provisioning_failed"), eq(notifications.link, `/registrations/${id}`)));

/** The error's message and its causes' (drizzle wraps the database's error). */
function messagesOf(err: unknown): string {
  const messages: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(" / ");
}

describe("an approved registration whose provisioning fails", () => {
  it("tells every superadmin, with a link to the registration, and leaves it approved with nothing created", async () => {
    const slug = unique("boom");
    const request = await register(slug);
    await approveRegistration(asAdmin(), { id: request.id });
    const err = await provisionRegistration(asAdmin(), { id: request.id }).then(
      () => "provisioned",
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(ServiceError);
    expect(messagesOf(err)).toContain(FAILURE);

    const told = await failureNotes(request.id);
    expect(told.map((n) => n.userId).sort()).toEqual([admin.userId, otherAdmin].sort());
    expect(told.map((n) => n.userId)).not.toContain(plainUser);
    expect(told[0].title).toBe(`Provisioning failed: Company ${slug}`);
    expect(told[0].body).toContain(slug);
    expect(told[0].body).not.toContain(FAILURE);

    const [after] = await handle.db.select().from(registrationRequests).where(eq(registrationRequests.id, request.id));
    expect(after).toMatchObject({ status: "approved", organizationId: null });
    expect(
      await handle.db
        .select()
        .from(users)
        .where(eq(users.email, `${slug}@example.test`)),
    ).toEqual([]);
    expect(await handle.db.select().from(organizations).where(eq(organizations.slug, slug))).toEqual([]);
  });

  it("is not reported when provisioning is refused for a reason the caller is told of", async () => {
    const request = await register(unique("boom"));
    await expect(provisionRegistration(asAdmin(), { id: request.id })).rejects.toThrow(InvalidStateError);
    expect(await failureNotes(request.id)).toEqual([]);
  });
});

describe("auto-approval whose provisioning fails", () => {
  it("keeps the registration pending, undoes the approval and its audit rows, and tells every superadmin", async () => {
    await updatePlatformSettings(asAdmin(), { auto_approve_registrations: true });
    try {
      const fine = await register(unique("fine"));
      expect(fine.status).toBe("active");
      expect(await failureNotes(fine.id)).toEqual([]);

      const slug = unique("boom");
      const request = await register(slug);
      expect(request).toMatchObject({ status: "pending_approval", organizationId: null });
      const [stored] = await handle.db.select().from(registrationRequests).where(eq(registrationRequests.id, request.id));
      expect(stored).toMatchObject({ status: "pending_approval", orgSlug: null, reviewedAt: null });

      const told = await failureNotes(request.id);
      expect(told.map((n) => n.userId).sort()).toEqual([admin.userId, otherAdmin].sort());
      expect(told[0].body).toContain("waits for approval");
      expect(told[0].body).toContain(`req-${slug}`);
      // The registrant's submission is still announced, and audited; the undone approval is not.
      const submitted = await handle.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.type, "registration.submitted"), eq(notifications.link, `/registrations/${request.id}`)));
      expect(submitted).toHaveLength(2);
      const audited = await handle.db
        .select({ action: auditLogs.action })
        .from(auditLogs)
        .where(and(eq(auditLogs.targetType, "registration_request"), eq(auditLogs.targetId, String(request.id))));
      expect(audited.map((a) => a.action)).toEqual(["registration.submitted"]);
      expect(
        await handle.db
          .select()
          .from(auditLogs)
          .where(inArray(auditLogs.action, ["user.created", "organization.created"]))
          .then((rows) => rows.filter((r) => JSON.stringify(r.metadata).includes(slug))),
      ).toEqual([]);
    } finally {
      await updatePlatformSettings(asAdmin(), { auto_approve_registrations: false });
    }
  });
});
