// Platform API (seed 002): white-label branding of agencies ("admins") and of the current context.
import { z } from "zod";
import { IdParams } from "@/lib/agencies/schemas";
import { BrandingOverridesView, BrandingView, UpdateBrandingInput, brandingSources } from "@/lib/branding/schemas";
import { requireAgencyAdmin } from "@/lib/agencies/agencies";
import { defineContract } from "../contract";

const base = { surface: "platform" as const };

export const AgencyBrandingView = z.object({
  admin_id: z.number().int(),
  /** The agency's own values: null where the platform default shows through. */
  branding: BrandingOverridesView,
  /** What the agency's console shows: its values over the platform default. */
  resolved: BrandingView,
});

export const CurrentBrandingView = z.object({
  branding: BrandingView,
  source: z.enum(brandingSources),
  admin_id: z.number().int().nullable(),
});

export const getAgencyBranding = defineContract({
  auth: requireAgencyAdmin,
  ...base,
  method: "GET",
  path: "/api/tenants/admins/{id}/branding",
  summary: "Get an agency's branding (superadmin, or that agency's own admins)",
  description: "`branding` holds the agency's own values (null: the platform default applies); `resolved` is what its console shows.",
  tags: ["Branding"],
  params: IdParams,
  response: AgencyBrandingView,
  notFound: "Admin not found",
  errors: [401, 404],
});

export const updateAgencyBranding = defineContract({
  auth: requireAgencyAdmin,
  ...base,
  method: "PUT",
  path: "/api/tenants/admins/{id}/branding",
  summary: "Update an agency's branding; fields left out keep their values, null resets one to the platform default",
  description:
    "URLs must be absolute https:// URLs (at most 2,048 characters, no credentials); colors #rrggbb or #rgb; app_name 1-60 characters; " +
    "footer_text at most 200 characters, always shown as text. A refused update stores nothing.",
  tags: ["Branding"],
  params: IdParams,
  body: UpdateBrandingInput,
  response: AgencyBrandingView,
  notFound: "Admin not found",
  errors: [401, 403, 404, 422],
});

export const currentBranding = defineContract({
  surface: "platform",
  auth: "public",
  method: "GET",
  path: "/api/tenants/branding/current",
  summary: "The branding of the current context: the request's host, else the signed-in user's agency, else the platform default",
  description:
    "`source` says where it came from: console_domain, custom_domain or subdomain (the host), user_agency or organization_agency " +
    "(the signed-in user), or platform. Varies on Host, Cookie and Authorization; cached briefly, privately when a user is signed in.",
  tags: ["Branding"],
  response: CurrentBrandingView,
  errors: [401],
});
