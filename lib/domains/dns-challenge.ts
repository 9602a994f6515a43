// The DNS side of domain verification: the TXT record an owner creates, and the lookup that checks it
// through the configured resolvers (DNS_SERVERS) or the system's.
import { Resolver } from "node:dns/promises";
import { config } from "@/lib/config";

const CHALLENGE_LABEL = "_cp-challenge";

export function challengeRecordName(domain: string): string {
  return `${CHALLENGE_LABEL}.${domain}`;
}

export type ChallengeResult = { ok: true } | { ok: false; reason: string };

interface ResolverOptions {
  /** Resolver.setServers entries; empty or unset: the system's resolvers. */
  servers?: string[];
  /** Per attempt; c-ares doubles it on each retry. */
  timeoutMs?: number;
  tries?: number;
}

function defaultResolverOptions(): ResolverOptions {
  return { servers: config().DNS_SERVERS, timeoutMs: 1_500, tries: 2 };
}

function failureReason(name: string, code: string | undefined): string {
  switch (code) {
    case "ENOTFOUND":
      return `${name} does not exist (NXDOMAIN).`;
    case "ENODATA":
      return `${name} has no TXT record.`;
    case "ETIMEOUT":
      return `The DNS query for ${name} timed out.`;
    case "ESERVFAIL":
      return `The DNS server failed to answer for ${name} (SERVFAIL).`;
    case "EREFUSED":
      return `The DNS server refused the query for ${name} (REFUSED).`;
    case "ECONNREFUSED":
      return "The DNS server could not be reached (connection refused).";
    default:
      return `The DNS lookup of ${name} failed (${code ?? "unknown error"}).`;
  }
}

/** Whether a TXT record at _cp-challenge.<domain> holds exactly the token; otherwise why not. */
export async function checkChallenge(domain: string, token: string, options: ResolverOptions = defaultResolverOptions()): Promise<ChallengeResult> {
  const name = challengeRecordName(domain);
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
  if (options.servers?.length) resolver.setServers(options.servers);
  let records: string[][];
  try {
    records = await resolver.resolveTxt(name);
  } catch (err) {
    return { ok: false, reason: failureReason(name, (err as NodeJS.ErrnoException).code) };
  }
  // A long TXT value arrives in chunks of at most 255 bytes: one record is their concatenation.
  const values = records.map((chunks) => chunks.join("").trim());
  if (values.includes(token)) return { ok: true };
  if (values.length === 0) return { ok: false, reason: failureReason(name, "ENODATA") };
  return { ok: false, reason: `No TXT record at ${name} matches the token (found ${values.length} other value${values.length === 1 ? "" : "s"}).` };
}
