// Whether a subdomain is free: not used by an organization nor claimed by another open registration.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, registrationRequests } from "@/db/schema";

export async function isSlugTaken(db: Db, slug: string, exceptRequestId?: number): Promise<boolean> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1);
  if (org) return true;
  const [request] = await db
    .select({ id: registrationRequests.id })
    .from(registrationRequests)
    .where(
      and(
        inArray(registrationRequests.status, ["pending_approval", "approved"]),
        eq(sql`coalesce(${registrationRequests.orgSlug}, ${registrationRequests.desiredOrgSlug})`, slug),
        exceptRequestId === undefined ? undefined : ne(registrationRequests.id, exceptRequestId),
      ),
    )
    .limit(1);
  return Boolean(request);
}
