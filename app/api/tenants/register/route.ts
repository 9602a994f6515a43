import * as platform from "@/lib/api/platform/contracts";
import { apiRoute } from "@/lib/api/route";
import { submitRegistration } from "@/lib/registrations/submit-registration";

export const dynamic = "force-dynamic";

// POST /api/tenants/register - public registration request (rate limited per client ip)
export const POST = apiRoute(platform.register, async (ctx, { body }) => {
  const request = await submitRegistration(ctx, body);
  const message =
    request.status === "active"
      ? "Your organization is ready. Sign in with your email and password."
      : "Thank you. Your registration is waiting for approval; we will email you when it is reviewed.";
  return { id: request.id, status: request.status, message };
});
