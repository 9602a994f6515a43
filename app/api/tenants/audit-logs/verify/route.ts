import * as contracts from "@/lib/api/platform/audit-contracts";
import { apiRoute } from "@/lib/api/route";
import { verifyAuditTrail } from "@/lib/audit/audit-logs";

export const dynamic = "force-dynamic";

// GET /api/tenants/audit-logs/verify - walk the hash chain (superadmin)
export const GET = apiRoute(contracts.verifyAuditLogs, (ctx) => verifyAuditTrail(ctx));
