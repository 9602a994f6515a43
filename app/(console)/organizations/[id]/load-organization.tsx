// The organization a page at /organizations/{id}/... is about, as its viewer may see it: a malformed
// or invisible id is the not-found page, a suspended organization's member gets the locked-out page.
import { notFound } from "next/navigation";
import type { ReactElement } from "react";
import { LockedOut } from "@/components/locked-out";
import type { Organization } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parsedOrNotFound } from "@/lib/next/page-guards";
import { getOrganization } from "@/lib/organizations/organizations";
import { OrganizationIdParams } from "@/lib/organizations/schemas";

export async function loadOrganization(
  ctx: ServiceContext,
  params: Promise<{ id: string }>,
): Promise<{ org: Organization } | { refusal: ReactElement }> {
  const id = parsedOrNotFound(OrganizationIdParams, await params);
  try {
    return { org: await getOrganization(ctx, id) };
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError) return { refusal: <LockedOut title="Organization unavailable" message={err.message} /> };
    throw err;
  }
}
