import * as contracts from "@/lib/api/platform/audit-contracts";
import { apiRoute } from "@/lib/api/route";
import { listAuditLogs, toAuditLogView } from "@/lib/audit/audit-logs";

export const dynamic = "force-dynamic";

// GET /api/tenants/audit-logs?action=&target_type=&actor_id=&organization_id=&from=&to=&limit=&offset=&cursor=
export const GET = apiRoute(contracts.listAuditLogs, async (ctx, { query }) => {
  const page = await listAuditLogs(ctx, query);
  return { ...page, data: page.data.map(toAuditLogView) };
});
