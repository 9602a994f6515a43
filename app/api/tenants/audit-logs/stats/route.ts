import * as contracts from "@/lib/api/platform/audit-contracts";
import { apiRoute } from "@/lib/api/route";
import { auditStats } from "@/lib/audit/audit-logs";

export const dynamic = "force-dynamic";

// GET /api/tenants/audit-logs/stats?days=30 - totals per day, per action and top actors
export const GET = apiRoute(contracts.auditStats, (ctx, { query }) => auditStats(ctx, query));
