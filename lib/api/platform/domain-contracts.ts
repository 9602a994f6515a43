// Platform API (seed 002 dialect): an organization's custom domain and an agency's console domain,
// with their DNS verification. Superadmins and the owning agency's admins. Both owners get the same
// four routes under their own resource.
import { z } from "zod";
import { IdParams } from "@/lib/agencies/schemas";
import { DomainView, SetDomainInput } from "@/lib/domains/schemas";
import { OrgIdParams } from "@/lib/organizations/schemas";
import { requireAgencyAdmin } from "@/lib/agencies/agencies";
import { requireOrganizationManager } from "@/lib/organizations/guards";
import { type RouteGuard, defineContract } from "../contract";

function domainContracts<P extends z.ZodType>(owner: { path: string; params: P; notFound: string; label: string; whose: string; guard: RouteGuard }) {
  const base = { surface: "platform" as const, auth: owner.guard, tags: ["Domains"], params: owner.params, notFound: owner.notFound };
  return {
    get: defineContract({
      ...base,
      method: "GET",
      path: owner.path,
      summary: `${owner.whose} ${owner.label}, its verification status and the TXT record to create`,
      response: DomainView,
      errors: [401, 403, 404],
    }),
    set: defineContract({
      ...base,
      method: "PUT",
      path: owner.path,
      summary: `Set or replace ${owner.whose.toLowerCase()} ${owner.label}`,
      description:
        "A new domain is a pending claim with a fresh token: create the `txt_record` it shows, then verify. Setting the current domain again changes nothing.",
      body: SetDomainInput,
      response: DomainView,
      errors: [401, 403, 404, 409, 422],
    }),
    remove: defineContract({
      ...base,
      method: "DELETE",
      path: owner.path,
      summary: `Remove ${owner.whose.toLowerCase()} ${owner.label}`,
      response: z.object({ message: z.string() }),
      errors: [401, 403, 404],
    }),
    verify: defineContract({
      ...base,
      method: "POST",
      path: `${owner.path}/verify`,
      summary: `Check the ${owner.label}'s TXT record now`,
      description:
        "Looks up the TXT record `_cp-challenge.<domain>` and moves the claim to `verified`, or to `failed` with `failure_reason` (NXDOMAIN, no matching record, timeout...); both are a 200. A domain verified by another owner is a 409.",
      response: DomainView,
      errors: [401, 403, 404, 409],
    }),
  };
}

const organization = domainContracts({
  path: "/api/tenants/organizations/{org_id}/domain",
  params: OrgIdParams,
  notFound: "Tenant not found",
  label: "custom domain",
  whose: "The organization's",
  guard: requireOrganizationManager,
});
export const getOrganizationDomain = organization.get;
export const setOrganizationDomain = organization.set;
export const removeOrganizationDomain = organization.remove;
export const verifyOrganizationDomain = organization.verify;

const agency = domainContracts({
  path: "/api/tenants/admins/{id}/console-domain",
  params: IdParams,
  notFound: "Admin not found",
  label: "console domain",
  whose: "The agency's",
  guard: requireAgencyAdmin,
});
export const getAgencyConsoleDomain = agency.get;
export const setAgencyConsoleDomain = agency.set;
export const removeAgencyConsoleDomain = agency.remove;
export const verifyAgencyConsoleDomain = agency.verify;
