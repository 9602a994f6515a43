import * as contracts from "@/lib/api/platform/audit-contracts";
import { JsonText, apiRoute } from "@/lib/api/route";
import { auditLogPageJson } from "@/lib/audit/audit-logs";

export const dynamic = "force-dynamic";

// GET /api/tenants/audit-logs?action=&target_type=&actor_id=&organization_id=&from=&to=&limit=&offset=&cursor=
// The page comes as JSON written by PostgreSQL (the same view as toAuditLogView; the tests hold them equal).
export const GET = apiRoute(contracts.listAuditLogs, async (ctx, { query }) => new JsonText(await auditLogPageJson(ctx, query)));
