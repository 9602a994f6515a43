import * as v1 from "@/lib/api/v1/contracts";
import { apiRoute } from "@/lib/api/route";
import { createOrganization, listOrganizations } from "@/lib/organizations/organizations";
import { toTenantV1, toTenantV1Detail } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants - tenants visible to the caller, filtered by status, searched by name or slug
export const GET = apiRoute(v1.listTenants, async (ctx, { query }) => {
  const page = await listOrganizations(ctx, query);
  return { ...page, data: page.data.map(toTenantV1Detail) };
});

// POST /api/v1/tenants - create a tenant (seed 003)
export const POST = apiRoute(v1.createTenant, async (ctx, { body }) => toTenantV1(await createOrganization(ctx, body)));
