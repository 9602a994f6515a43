import { revokeApiToken } from "@/lib/auth/api-tokens";
import * as v1 from "@/lib/api/v1/contracts";
import { apiRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// DELETE /api/v1/api-tokens/{id} - revoke one of the caller's tokens
export const DELETE = apiRoute(v1.revokeApiToken, (ctx, { params }) => revokeApiToken(ctx, params));
