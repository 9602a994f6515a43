import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { createOrganization, listOrganizations } from "@/lib/organizations/organizations";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations?status= - organizations visible to the caller
export const GET = apiRoute(platform.listOrganizations, async (ctx, { query }) => {
  const page = await listOrganizations(ctx, query);
  return { ...page, data: page.data.map(toOrganizationView) };
});

// POST /api/tenants/organizations - create an organization (superadmin, or an agency admin for its agency)
export const POST = apiRoute(platform.createOrganization, async (ctx, { body }) => toOrganizationView(await createOrganization(ctx, body)));
