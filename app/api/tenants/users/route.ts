import * as contracts from "@/lib/api/platform/user-contracts";
import { apiRoute } from "@/lib/api/route";
import { createUser, listUsers, toUserView } from "@/lib/users/users";

export const dynamic = "force-dynamic";

// GET /api/tenants/users?q= - search users by email or name (superadmin)
export const GET = apiRoute(contracts.listUsers, async (ctx, { query }) => {
  const page = await listUsers(ctx, query);
  return { ...page, data: page.data.map(toUserView) };
});

// POST /api/tenants/users - create a user, or invite one with a one-time set-password link
export const POST = apiRoute(contracts.createUser, async (ctx, { body }, req) => {
  const { user, setPasswordPath } = await createUser(ctx, body);
  return { ...toUserView(user), set_password_url: setPasswordPath ? new URL(setPasswordPath, req.nextUrl.origin).toString() : null };
});
