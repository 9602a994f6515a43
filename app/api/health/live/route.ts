export const dynamic = "force-dynamic";

// GET /api/health/live - liveness: the process answers (no database); also the benchmark's framework ceiling
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
