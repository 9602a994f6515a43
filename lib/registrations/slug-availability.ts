// Whether a subdomain is free: not used by an organization nor claimed by another open registration.
import { and, eq, ne, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { organizations, registrationRequests } from "@/db/schema";

/** What the registration forms say of a slug held elsewhere: the registrant's choice, the reviewer's. */
export const DESIRED_SLUG_TAKEN = "The desired org slug has already been taken.";
export const ORG_SLUG_TAKEN = "The org slug has already been taken.";

// Open: pending or approved, not yet provisioned. Literals, not parameters: the partial unique index
// registration_requests_open_slug_key serves only a WHERE that provably implies its own.
const isOpen = sql`${registrationRequests.status} in ('pending_approval', 'approved')`;

/** The open registrations that claim a slug. */
function registrationsClaimingSlug(db: Db, slug: string, exceptRequestId?: number) {
  return db
    .select({ id: registrationRequests.id })
    .from(registrationRequests)
    .where(
      and(
        isOpen,
        eq(sql`coalesce(${registrationRequests.orgSlug}, ${registrationRequests.desiredOrgSlug})`, slug),
        exceptRequestId === undefined ? undefined : ne(registrationRequests.id, exceptRequestId),
      ),
    );
}

/** One statement (one round trip, inside the creating transaction) for both places a slug can be held. */
export async function isSlugTaken(db: Db, slug: string, exceptRequestId?: number): Promise<boolean> {
  const usedByOrganization = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  const [row] = rowsOf<{ taken: boolean }>(
    await db.execute(sql`select exists(${usedByOrganization}) or exists(${registrationsClaimingSlug(db, slug, exceptRequestId)}) as taken`),
  );
  return row.taken === true;
}
