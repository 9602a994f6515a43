import { z } from "zod";
import { domainKinds, domainStatuses, type DomainClaim } from "@/db/schema";
import { DomainName } from "@/lib/validation";
import { challengeRecordName } from "./dns-challenge";

export const SetDomainInput = z.object({ domain: DomainName });
export type SetDomainInput = z.infer<typeof SetDomainInput>;

/** A domain claim as the platform API shows it, with the TXT record its owner must create. */
export const DomainView = z.object({
  domain: z.string(),
  kind: z.enum(domainKinds),
  status: z.enum(domainStatuses),
  txt_record: z.object({ type: z.literal("TXT"), name: z.string(), value: z.string() }),
  failure_reason: z.string().nullable(),
  checked_at: z.string().nullable(),
  verified_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DomainView = z.infer<typeof DomainView>;

export function toDomainView(claim: DomainClaim): DomainView {
  return {
    domain: claim.domain,
    kind: claim.kind,
    status: claim.status,
    txt_record: { type: "TXT", name: challengeRecordName(claim.domain), value: claim.token },
    failure_reason: claim.failureReason,
    checked_at: claim.checkedAt?.toISOString() ?? null,
    verified_at: claim.verifiedAt?.toISOString() ?? null,
    created_at: claim.createdAt.toISOString(),
    updated_at: claim.updatedAt.toISOString(),
  };
}
