import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/health - readiness, the database included: 200 when ready, 503 when not
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
