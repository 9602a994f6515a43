// The words of the five mails. Each returns subject, plain text and HTML (lib/mail/layout.ts escapes).
import type { Branding } from "@/lib/branding/schemas";
import { type MailContent, renderMail } from "./layout";

export function registrationReceivedMail(branding: Branding, input: { contactName: string; orgName: string }): MailContent {
  return renderMail(branding, {
    subject: `We received your registration for ${input.orgName}`,
    greeting: `Hello ${input.contactName},`,
    paragraphs: [
      `Thank you for registering ${input.orgName} with ${branding.app_name}.`,
      "Your request is waiting for review. We will write to you again as soon as it is approved; you can then sign in with the email address and password you chose.",
    ],
  });
}

export function registrationApprovedMail(
  branding: Branding,
  input: { contactName: string; orgName: string; signInUrl: string; email: string },
): MailContent {
  return renderMail(branding, {
    subject: `Your registration for ${input.orgName} was approved`,
    greeting: `Hello ${input.contactName},`,
    paragraphs: [
      `Good news: your registration was approved and ${input.orgName} is ready on ${branding.app_name}.`,
      `Sign in with ${input.email} and the password you chose when you registered.`,
    ],
    action: { label: "Sign in", url: input.signInUrl },
  });
}

export function registrationRejectedMail(branding: Branding, input: { contactName: string; orgName: string; reason: string }): MailContent {
  return renderMail(branding, {
    subject: `Your registration for ${input.orgName} was not approved`,
    greeting: `Hello ${input.contactName},`,
    paragraphs: [`We are sorry: your registration for ${input.orgName} on ${branding.app_name} was not approved.`, `Reason: ${input.reason}`],
    note: branding.support_email ? `If you think this is a mistake, write to ${branding.support_email}.` : undefined,
  });
}

export function agencyOwnerInvitationMail(
  branding: Branding,
  input: { name: string; agencyName: string; email: string } & ({ setPasswordUrl: string; validHours: number } | { signInUrl: string }),
): MailContent {
  const withLink = "setPasswordUrl" in input;
  return renderMail(branding, {
    subject: `You are invited to manage ${input.agencyName}`,
    greeting: `Hello ${input.name},`,
    paragraphs: [
      `You were made the owner of ${input.agencyName} on ${branding.app_name}: you manage its organizations, credits and branding.`,
      withLink ? "Choose your password to sign in for the first time." : `Sign in with ${input.email} and the password you were given.`,
    ],
    action: withLink ? { label: "Set your password", url: input.setPasswordUrl } : { label: "Sign in", url: input.signInUrl },
    note: withLink
      ? `This link works once and expires in ${input.validHours} hours. If it has expired, ask your platform administrator for a new one.`
      : undefined,
  });
}

export function lowBalanceMail(branding: Branding, input: { orgName: string; balance: number; threshold: number; usageUrl: string }): MailContent {
  return renderMail(branding, {
    subject: `${input.orgName}: credit balance is low`,
    greeting: "Hello,",
    paragraphs: [
      `${input.orgName} has ${input.balance} credits left, below its alert level of ${input.threshold}.`,
      "Add credits before usage is refused.",
    ],
    action: { label: "See usage and credits", url: input.usageUrl },
  });
}
