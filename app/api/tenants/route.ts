import * as tenants from "@/lib/api/platform/tenant-contracts";
import { apiRoute } from "@/lib/api/route";
import { createTenant } from "@/lib/tenants/create-tenant";

export const dynamic = "force-dynamic";

// POST /api/tenants - create a tenant by subdomain (seed 000); its site is built after the answer
export const POST = apiRoute(tenants.createTenant, async (ctx, { body }) => createTenant(ctx, body));
