// Seed 000: creating a tenant by subdomain and following its website build, plus the rebuild beyond it.
import { z } from "zod";
import { requireUser } from "@/lib/context";
import { requireOrganizationCreator, requireOrganizationManager } from "@/lib/organizations/guards";
import { CreateTenantInput } from "@/lib/tenants/create-tenant";
import { NO_QUERY_RESULTS } from "@/lib/websites/websites";
import { defineContract } from "../contract";

const base = { surface: "platform" as const, tags: ["Tenants (seed 000)"] };

const TenantUuidParams = z.object({ tenantUuid: z.uuid() });

export const WebsiteStatusView = z.object({
  tenant_id: z.uuid(),
  success: z.boolean(),
  building_progress: z.number().int(),
  error_message: z.string().nullable(),
  prompt: z.object({ process_status: z.enum(["pending", "completed", "failed"]) }),
});

export const createTenant = defineContract({
  ...base,
  auth: requireOrganizationCreator,
  method: "POST",
  path: "/api/tenants",
  summary: "Create a tenant: every field optional; a generated name and subdomain when left out, the caller as owner without an email",
  description:
    "A superadmin creates a platform tenant, an agency admin its agency's. The owner is the user the email names (never a superadmin, and for an agency only a user of that agency); the tenant's schema and website are built by a job after the answer, followed with website-status.",
  body: CreateTenantInput,
  response: z.object({ tenant_id: z.uuid() }),
  errors: [401, 403, 404, 422],
});

export const websiteStatus = defineContract({
  ...base,
  auth: requireUser,
  method: "GET",
  path: "/api/tenants/{tenantUuid}/website-status",
  summary: "The tenant's website build: building_progress 5-60 steps, 100 completed, 101-103 failed",
  params: TenantUuidParams,
  response: WebsiteStatusView,
  notFound: NO_QUERY_RESULTS,
  errors: [401, 404],
});

export const rebuildWebsite = defineContract({
  ...base,
  auth: requireOrganizationManager,
  method: "POST",
  path: "/api/tenants/{tenantUuid}/website/rebuild",
  summary: "Start the website's next build (after a failure, or to regenerate it); answers its status",
  params: TenantUuidParams,
  response: WebsiteStatusView,
  notFound: NO_QUERY_RESULTS,
  errors: [401, 403, 404],
});
