// The public registration form: validates, hashes the password at once, stores the request, tells
// every superadmin, and with auto-approval on, approves and provisions it in the same transaction
// (behind a savepoint: an unexpected provisioning failure leaves the request pending and is reported).
import { and, eq, inArray, sql } from "drizzle-orm";
import { registrationRequests, type RegistrationRequest } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, withTransaction } from "@/lib/context";
import { type FieldErrors, ValidationError, uniqueViolation } from "@/lib/errors";
import { notifySuperadmins } from "@/lib/notifications/notify";
import { log } from "@/lib/log";
import { mailRegistrationReceived } from "@/lib/mail/mails";
import { consumeRateLimit } from "@/lib/rate-limit";
import { loadSettings } from "@/lib/settings/settings";
import { EMAIL_TAKEN, findUserByEmail } from "@/lib/users/find-user-by-email";
import { isRefusal, notifyProvisioningFailed, withSavepoint } from "./provisioning-failure";
import { approveLocked, provisionLocked } from "./review-registration";
import type { RegisterInput } from "./schemas";
import { DESIRED_SLUG_TAKEN, isSlugTaken } from "./slug-availability";

const REGISTRATION_RATE_LIMIT = { limit: 5, windowSeconds: 3600, message: "Too many registrations from your network. Try again later." };
const EMAIL_PENDING = "A registration for this email is already waiting for approval.";
const EMAIL_APPROVED = "A registration for this email is already approved and about to be provisioned.";

async function uniquenessErrors(ctx: ServiceContext, input: RegisterInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const email = input.email.toLowerCase();
  if (await findUserByEmail(ctx.db, email)) errors.email = [EMAIL_TAKEN];
  else {
    // An open request (pending or approved) holds its email: provisioning creates the user from it.
    const [open] = await ctx.db
      .select({ status: registrationRequests.status })
      .from(registrationRequests)
      .where(and(eq(sql`lower(${registrationRequests.email})`, email), inArray(registrationRequests.status, ["pending_approval", "approved"])))
      .limit(1);
    if (open) errors.email = [open.status === "approved" ? EMAIL_APPROVED : EMAIL_PENDING];
  }
  if (await isSlugTaken(ctx.db, input.desired_org_slug)) errors.desired_org_slug = [DESIRED_SLUG_TAKEN];
  return errors;
}

export async function submitRegistration(ctx: ServiceContext, input: RegisterInput): Promise<RegistrationRequest> {
  await consumeRateLimit(ctx.db, `register:${ctx.ip ?? "unknown"}`, REGISTRATION_RATE_LIMIT);
  const errors = await uniquenessErrors(ctx, input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const passwordHash = await hashPassword(input.password);

  try {
    return await withTransaction(ctx, async (tx) => {
      const [request] = await tx.db
        .insert(registrationRequests)
        .values({
          email: input.email.toLowerCase(),
          passwordHash,
          companyName: input.company_name,
          contactName: input.contact_name,
          phone: input.phone,
          desiredOrgName: input.desired_org_name,
          desiredOrgSlug: input.desired_org_slug,
          utmSource: input.utm_source,
          utmMedium: input.utm_medium,
          utmCampaign: input.utm_campaign,
          submittedIp: ctx.ip,
        })
        .returning();
      await recordAudit(tx, {
        action: "registration.submitted",
        targetType: "registration_request",
        targetId: request.id,
        actorLabel: request.email,
        metadata: { company_name: request.companyName, desired_org_slug: request.desiredOrgSlug, utm_source: request.utmSource },
      });
      await notifySuperadmins(tx, {
        type: "registration.submitted",
        title: `New registration: ${request.companyName}`,
        body: `${request.contactName} <${request.email}> asks for ${request.desiredOrgSlug}.`,
        link: `/registrations/${request.id}`,
      });
      await mailRegistrationReceived(tx, request);

      const settings = await loadSettings(tx.db);
      if (!settings.autoApproveRegistrations) return request;
      try {
        return await withSavepoint(tx, async (sp) => (await provisionLocked(sp, await approveLocked(sp, request, {}))).request);
      } catch (err) {
        if (isRefusal(err)) throw err;
        // The registration is kept, waiting for a superadmin, rather than lost with the failure.
        log.error("automatic provisioning failed", { request_id: ctx.requestId, registration_id: request.id, error: err });
        await notifyProvisioningFailed(tx, request, "the registration was kept and waits for approval");
        return request;
      }
    });
  } catch (err) {
    // Two registrations racing for one slug or one email: the partial unique indexes decide.
    const constraint = uniqueViolation(err);
    if (constraint === "registration_requests_open_slug_key" || constraint === "organizations_slug_key")
      throw new ValidationError({ desired_org_slug: [DESIRED_SLUG_TAKEN] });
    if (constraint === "registration_requests_open_email_key") throw new ValidationError({ email: [EMAIL_PENDING] });
    throw err;
  }
}
