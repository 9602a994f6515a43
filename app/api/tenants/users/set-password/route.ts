import * as contracts from "@/lib/api/platform/user-contracts";
import { apiRoute } from "@/lib/api/route";
import { setPasswordWithLink } from "@/lib/users/users";

export const dynamic = "force-dynamic";

// POST /api/tenants/users/set-password - spend a one-time link to set a password (public)
export const POST = apiRoute(contracts.setPassword, async (ctx, { body }) => ({
  ...(await setPasswordWithLink(ctx, body)),
  message: "Your password is set. Sign in with it now.",
}));
