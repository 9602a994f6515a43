// An organization's four limits (null: unlimited): from the API's names to the columns, and the rule
// a new organization's limits follow: each one given, or else the one it would have had.
import type { Organization, PlatformSettings } from "@/db/schema";
import type { LimitsInput } from "./schemas";

export type Limits = Pick<Organization, "creditLimit" | "storageLimitGb" | "maxUsers" | "bandwidthLimitGb">;

export const LIMIT_KEYS = ["creditLimit", "storageLimitGb", "maxUsers", "bandwidthLimitGb"] as const satisfies readonly (keyof Limits)[];

/** The limits given, as columns; one left out is undefined, which an update leaves as it is. */
export function limitValues(input: LimitsInput): Partial<Limits> {
  return {
    creditLimit: input.credit_limit,
    storageLimitGb: input.storage_limit_gb,
    maxUsers: input.max_users,
    bandwidthLimitGb: input.bandwidth_limit_gb,
  };
}

/** Each limit as given (null included: unlimited), or else the fallback's. */
export function limitsOr(given: Partial<Limits>, fallback: Limits): Limits {
  const pick = <K extends keyof Limits>(key: K) => (given[key] !== undefined ? given[key] : fallback[key]);
  return {
    creditLimit: pick("creditLimit"),
    storageLimitGb: pick("storageLimitGb"),
    maxUsers: pick("maxUsers"),
    bandwidthLimitGb: pick("bandwidthLimitGb"),
  };
}

/** The limits the platform's settings give a new organization. */
export function defaultLimits(settings: PlatformSettings): Limits {
  return {
    creditLimit: settings.defaultCreditLimit,
    storageLimitGb: settings.defaultStorageLimitGb,
    maxUsers: settings.defaultMaxUsers,
    bandwidthLimitGb: settings.defaultBandwidthLimitGb,
  };
}
