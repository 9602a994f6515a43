import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

// GET /api/openapi.json - the OpenAPI 3.1 description of every route
export async function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin), { headers: { "cache-control": "public, max-age=300" } });
}
