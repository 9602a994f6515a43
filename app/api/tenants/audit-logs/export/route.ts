import * as contracts from "@/lib/api/platform/audit-contracts";
import { Streamed, apiRoute } from "@/lib/api/route";
import { exportAuditLogs } from "@/lib/audit/export";

export const dynamic = "force-dynamic";

// GET /api/tenants/audit-logs/export?format=csv|ndjson&<filters> - the filtered trail, streamed
export const GET = apiRoute(contracts.exportAuditLogs, async (ctx, { query }) => {
  const file = exportAuditLogs(ctx, query);
  return new Streamed(file.stream, file.contentType, { "content-disposition": `attachment; filename="${file.filename}"` });
});
