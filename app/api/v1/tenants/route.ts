import * as v1 from "@/lib/api/v1/contracts";
import { JsonText, apiRoute } from "@/lib/api/route";
import { createOrganization, organizationsPageJson } from "@/lib/organizations/organizations";
import { toTenantV1 } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants - tenants visible to the caller, filtered by status, searched by name or slug
// (the page written by PostgreSQL in toTenantV1Detail's shape)
export const GET = apiRoute(v1.listTenants, async (ctx, { query }) => new JsonText(await organizationsPageJson(ctx, query, "v1")));

// POST /api/v1/tenants - create a tenant (seed 003)
export const POST = apiRoute(v1.createTenant, async (ctx, { body }) => toTenantV1(await createOrganization(ctx, body)));
