// Platform API (seed 002 dialect): an organization's custom domain and an agency's console domain,
// with their DNS verification. Superadmins and the owning agency's admins.
import { z } from "zod";
import { IdParams } from "@/lib/agencies/schemas";
import { DomainView, SetDomainInput } from "@/lib/domains/schemas";
import { OrgIdParams } from "@/lib/organizations/schemas";
import { defineContract } from "../contract";

const base = { surface: "platform" as const, auth: "required" as const, tags: ["Domains"] };
const organization = { params: OrgIdParams, notFound: "Tenant not found" };
const agency = { params: IdParams, notFound: "Admin not found" };
const Message = z.object({ message: z.string() });

const VERIFY =
  "Looks up the TXT record `_cp-challenge.<domain>` and moves the claim to `verified`, or to `failed` with `failure_reason` (NXDOMAIN, no matching record, timeout...); both are a 200. A domain verified by another owner is a 409.";
const SET = "A new domain is a pending claim with a fresh token: create the `txt_record` it shows, then verify. Setting the current domain again changes nothing.";

export const getOrganizationDomain = defineContract({
  ...base,
  ...organization,
  method: "GET",
  path: "/api/tenants/organizations/{org_id}/domain",
  summary: "The organization's custom domain, its verification status and the TXT record to create",
  response: DomainView,
  errors: [401, 403, 404],
});

export const setOrganizationDomain = defineContract({
  ...base,
  ...organization,
  method: "PUT",
  path: "/api/tenants/organizations/{org_id}/domain",
  summary: "Set or replace the organization's custom domain",
  description: SET,
  body: SetDomainInput,
  response: DomainView,
  errors: [401, 403, 404, 409, 422],
});

export const removeOrganizationDomain = defineContract({
  ...base,
  ...organization,
  method: "DELETE",
  path: "/api/tenants/organizations/{org_id}/domain",
  summary: "Remove the organization's custom domain",
  response: Message,
  errors: [401, 403, 404],
});

export const verifyOrganizationDomain = defineContract({
  ...base,
  ...organization,
  method: "POST",
  path: "/api/tenants/organizations/{org_id}/domain/verify",
  summary: "Check the custom domain's TXT record now",
  description: VERIFY,
  response: DomainView,
  errors: [401, 403, 404, 409],
});

export const getAgencyConsoleDomain = defineContract({
  ...base,
  ...agency,
  method: "GET",
  path: "/api/tenants/admins/{id}/console-domain",
  summary: "The agency's console domain, its verification status and the TXT record to create",
  response: DomainView,
  errors: [401, 403, 404],
});

export const setAgencyConsoleDomain = defineContract({
  ...base,
  ...agency,
  method: "PUT",
  path: "/api/tenants/admins/{id}/console-domain",
  summary: "Set or replace the agency's console domain",
  description: SET,
  body: SetDomainInput,
  response: DomainView,
  errors: [401, 403, 404, 409, 422],
});

export const removeAgencyConsoleDomain = defineContract({
  ...base,
  ...agency,
  method: "DELETE",
  path: "/api/tenants/admins/{id}/console-domain",
  summary: "Remove the agency's console domain",
  response: Message,
  errors: [401, 403, 404],
});

export const verifyAgencyConsoleDomain = defineContract({
  ...base,
  ...agency,
  method: "POST",
  path: "/api/tenants/admins/{id}/console-domain/verify",
  summary: "Check the console domain's TXT record now",
  description: VERIFY,
  response: DomainView,
  errors: [401, 403, 404, 409],
});
