// When provisioning a registration fails for an unexpected reason (not a refusal such as a taken slug,
// which the caller is told of), its transaction rolls back and would take any notification with it.
// These helpers tell the superadmins anyway: from a transaction of its own after the rollback, or
// behind a savepoint so that the registration itself survives.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type RegistrationRequest, registrationRequests } from "@/db/schema";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { ServiceError, uniqueViolation } from "@/lib/errors";
import { notifySuperadmins } from "@/lib/notifications/notify";

/** A typed refusal or a unique violation is an answer for the caller, not a failure to report. */
export function isRefusal(err: unknown): boolean {
  return err instanceof ServiceError || uniqueViolation(err) !== null;
}

type FailedRequest = Pick<RegistrationRequest, "id" | "companyName" | "desiredOrgSlug" | "orgSlug">;

export async function notifyProvisioningFailed(ctx: ServiceContext, request: FailedRequest, outcome: string): Promise<void> {
  const slug = request.orgSlug ?? request.desiredOrgSlug;
  await notifySuperadmins(ctx, {
    type: "registration.provisioning_failed",
    title: `Provisioning failed: ${request.companyName}`,
    body: `Provisioning ${slug} failed unexpectedly and nothing was created; ${outcome}. The server log has the error under request id ${ctx.requestId}.`,
    link: `/registrations/${request.id}`,
  });
}

/**
 * Runs a provisioning transaction; when it fails unexpectedly, tells the superadmins in a new
 * transaction and rethrows. Inside a caller's transaction (aborted by the error) nothing can be
 * written, so the caller reports it.
 */
export async function reportingProvisioningFailure<T>(ctx: ServiceContext, requestId: number, provision: () => Promise<T>): Promise<T> {
  try {
    return await provision();
  } catch (err) {
    if (ctx.inTransaction || isRefusal(err)) throw err;
    await withTransaction(ctx, async (tx) => {
      const [request] = await tx.db.select().from(registrationRequests).where(eq(registrationRequests.id, requestId));
      if (request) await notifyProvisioningFailed(tx, request, "the registration is still waiting to be provisioned");
    });
    throw err;
  }
}

/**
 * Runs fn behind a savepoint of the open transaction: when fn throws, only its own writes and audit
 * rows are undone and the transaction can go on.
 */
export async function withSavepoint<T>(ctx: ServiceContext, fn: (sp: ServiceContext) => Promise<T>): Promise<T> {
  const auditMark = ctx.pendingAudit?.length ?? 0;
  try {
    return await ctx.db.transaction((sp) => fn({ ...ctx, db: sp as unknown as Db }));
  } catch (err) {
    ctx.pendingAudit?.splice(auditMark);
    throw err;
  }
}
