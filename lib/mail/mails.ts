// The mails the platform sends, one function per event. Services call them inside their transaction;
// each reads the branding of the agency responsible for the recipient, renders and enqueues.
import { and, eq, inArray } from "drizzle-orm";
import { agencies, type Organization, type RegistrationRequest, users } from "@/db/schema";
import { platformBranding } from "@/lib/branding/agency-branding";
import { type Branding, mergeBranding, sanitizeOverrides } from "@/lib/branding/schemas";
import { appUrl } from "@/lib/config";
import type { ServiceContext } from "@/lib/context";
import { SET_PASSWORD_LINK_TTL_HOURS } from "@/lib/users/users";
import { type OutgoingMail, enqueueMail } from "./outbox";
import { agencyOwnerInvitationMail, lowBalanceMail, registrationApprovedMail, registrationReceivedMail, registrationRejectedMail } from "./templates";

/** An agency's effective branding (its own values over the platform default), or the platform's. */
async function mailBranding(ctx: ServiceContext, agencyId: number | null): Promise<Branding> {
  const platform = await platformBranding(ctx.db);
  if (agencyId === null) return platform;
  const [agency] = await ctx.db.select({ branding: agencies.branding }).from(agencies).where(eq(agencies.id, agencyId));
  return agency ? mergeBranding(platform, sanitizeOverrides(agency.branding)) : platform;
}

function sender(branding: Branding): Pick<OutgoingMail, "fromName" | "replyTo"> {
  return { fromName: branding.app_name, replyTo: branding.support_email };
}

/** A console path as an absolute link (APP_URL). */
function consoleUrl(path: string): string {
  return `${appUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}

// Registrations belong to no agency until provisioned (as a platform organization): platform branding.

export async function mailRegistrationReceived(ctx: ServiceContext, request: RegistrationRequest): Promise<void> {
  const branding = await mailBranding(ctx, null);
  await enqueueMail(ctx, {
    kind: "registration_received",
    to: request.email,
    agencyId: null,
    ...sender(branding),
    content: registrationReceivedMail(branding, { contactName: request.contactName, orgName: request.orgName ?? request.desiredOrgName }),
  });
}

/** Sent when the approved registration is provisioned: from then on, its sign-in link works. */
export async function mailRegistrationApproved(ctx: ServiceContext, request: RegistrationRequest, organization: Organization): Promise<void> {
  const branding = await mailBranding(ctx, organization.agencyId);
  await enqueueMail(ctx, {
    kind: "registration_approved",
    to: request.email,
    agencyId: organization.agencyId,
    ...sender(branding),
    content: registrationApprovedMail(branding, {
      contactName: request.contactName,
      orgName: organization.name,
      email: request.email,
      signInUrl: consoleUrl("/login"),
    }),
  });
}

export async function mailRegistrationRejected(ctx: ServiceContext, request: RegistrationRequest): Promise<void> {
  const branding = await mailBranding(ctx, null);
  await enqueueMail(ctx, {
    kind: "registration_rejected",
    to: request.email,
    agencyId: null,
    ...sender(branding),
    content: registrationRejectedMail(branding, {
      contactName: request.contactName,
      orgName: request.orgName ?? request.desiredOrgName,
      reason: request.rejectionReason ?? "No reason was given.",
    }),
  });
}

/** The invitation of an agency's new owner: the one-time set-password link, or a sign-in link when a password was set. */
export async function mailAgencyOwnerInvitation(
  ctx: ServiceContext,
  input: { agency: { id: number; name: string }; user: { email: string; name: string }; setPasswordPath: string | null },
): Promise<void> {
  const branding = await mailBranding(ctx, input.agency.id);
  const link = input.setPasswordPath
    ? { setPasswordUrl: consoleUrl(input.setPasswordPath), validHours: SET_PASSWORD_LINK_TTL_HOURS }
    : { signInUrl: consoleUrl("/login") };
  await enqueueMail(ctx, {
    kind: "agency_owner_invited",
    to: input.user.email,
    agencyId: input.agency.id,
    ...sender(branding),
    content: agencyOwnerInvitationMail(branding, { name: input.user.name, agencyName: input.agency.name, email: input.user.email, ...link }),
  });
}

/** To each active user among the organization's owners and its agency's owners. */
export async function mailLowBalance(ctx: ServiceContext, org: Organization, input: { recipientIds: number[]; threshold: number }): Promise<void> {
  if (input.recipientIds.length === 0) return;
  const recipients = await ctx.db
    .select({ email: users.email })
    .from(users)
    .where(and(inArray(users.id, input.recipientIds), eq(users.status, "active")));
  if (recipients.length === 0) return;
  const branding = await mailBranding(ctx, org.agencyId);
  const content = lowBalanceMail(branding, {
    orgName: org.name,
    balance: org.creditBalance,
    threshold: input.threshold,
    usageUrl: consoleUrl(`/organizations/${org.id}/usage`),
  });
  for (const { email } of recipients) {
    await enqueueMail(ctx, { kind: "low_balance", to: email, agencyId: org.agencyId, ...sender(branding), content });
  }
}
