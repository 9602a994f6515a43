// Page-level guards for server components: the service calls enforce the same rules; these only
// choose what a page shows (404 rather than an error screen for pages outside one's role).
import { notFound } from "next/navigation";
import type { z } from "zod";
import type { UserPrincipal } from "@/lib/auth/principal";
import { NotFoundError } from "@/lib/errors";

export function requireSuperadminPage(principal: UserPrincipal): void {
  if (!principal.isSuperadmin) notFound();
}

/** The path's segment parsed by the schema; a malformed one names no page, so it is the not-found page. */
export function parsedOrNotFound<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) notFound();
  return parsed.data;
}

/** What the service answers, or the not-found page where it answers NotFoundError (404, not 403: ids are not probed). */
export async function orNotFound<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
