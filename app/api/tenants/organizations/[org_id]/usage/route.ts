import * as contracts from "@/lib/api/platform/usage-contracts";
import { apiRoute } from "@/lib/api/route";
import { reportUsage } from "@/lib/usage/ingest";
import { organizationUsage } from "@/lib/usage/report";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations/{org_id}/usage - the month against every limit, and 30 days of usage
export const GET = apiRoute(contracts.organizationUsage, (ctx, { params }) => organizationUsage(ctx, { id: params.org_id }));

// POST /api/tenants/organizations/{org_id}/usage - report one usage event or a batch
export const POST = apiRoute(contracts.reportUsage, (ctx, { params, body }) => reportUsage(ctx, { ...body, id: params.org_id }));
