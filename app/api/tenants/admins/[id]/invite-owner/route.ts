import * as contracts from "@/lib/api/platform/agency-contracts";
import { apiRoute } from "@/lib/api/route";
import { inviteAgencyOwner, toAgencyView } from "@/lib/agencies/agencies";
import { toUserView } from "@/lib/users/users";

export const dynamic = "force-dynamic";

// POST /api/tenants/admins/{id}/invite-owner - create a user and make them the agency's owner (superadmin)
export const POST = apiRoute(contracts.inviteAgencyOwner, async (ctx, { params, body }, req) => {
  const { agency, user, setPasswordPath } = await inviteAgencyOwner(ctx, { id: params.id, ...body });
  return {
    agency: toAgencyView(agency),
    user: toUserView(user),
    set_password_url: setPasswordPath ? new URL(setPasswordPath, req.nextUrl.origin).toString() : null,
  };
});
