import { issueAccessToken } from "@/lib/auth/access-token";
import * as v1 from "@/lib/api/v1/contracts";
import { apiRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// POST /api/v1/auth/token - exchange email and password for a one-hour access token
export const POST = apiRoute(v1.issueAccessToken, (ctx, { body }) => issueAccessToken(ctx, body));
