import * as platform from "@/lib/api/platform/contracts";
import { JsonText, apiRoute } from "@/lib/api/route";
import { createOrganization, organizationsPageJson } from "@/lib/organizations/organizations";
import { toOrganizationView } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations?status= - organizations visible to the caller
// (the page written by PostgreSQL in toOrganizationView's shape)
export const GET = apiRoute(platform.listOrganizations, async (ctx, { query }) => new JsonText(await organizationsPageJson(ctx, query, "platform")));

// POST /api/tenants/organizations - create an organization (superadmin, or an agency admin for its agency)
export const POST = apiRoute(platform.createOrganization, async (ctx, { body }) => toOrganizationView(await createOrganization(ctx, body)));
