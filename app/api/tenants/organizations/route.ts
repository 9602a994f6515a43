import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { listOrganizations } from "@/lib/organizations/organizations";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations?status= - organizations visible to the caller
export const GET = apiRoute(platform.listOrganizations, async (ctx, { query }) => {
  const page = await listOrganizations(ctx, query);
  return { ...page, data: page.data.map(toOrganizationView) };
});
