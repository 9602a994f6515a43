import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import * as v1 from "@/lib/api/v1/contracts";
import { apiRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/api-tokens - the caller's personal tokens
export const GET = apiRoute(v1.listApiTokens, (ctx, { query }) => listApiTokens(ctx, query));

// POST /api/v1/api-tokens - create a token; its text is in this response only
export const POST = apiRoute(v1.createApiToken, (ctx, { body }) => createApiToken(ctx, body));
