import * as branding from "@/lib/api/platform/branding-contracts";
import { WithHeaders, apiRoute } from "@/lib/api/route";
import { resolveBranding } from "@/lib/branding/resolve-branding";

export const dynamic = "force-dynamic";

// GET /api/tenants/branding/current - the branding of this host, else of the signed-in user, else the platform's
export const GET = apiRoute(branding.currentBranding, async (ctx, _input, req) => {
  const resolved = await resolveBranding(ctx.db, { host: req.headers.get("host"), principal: ctx.principal });
  // Per host for everyone; a signed-in user's answer is theirs alone. Short either way: a change shows within a minute.
  const signedIn = ctx.principal.kind === "user";
  return new WithHeaders(
    { branding: resolved.branding, source: resolved.source, admin_id: resolved.agencyId },
    { "cache-control": signedIn ? "private, max-age=30" : "public, max-age=60", vary: "Host, Cookie, Authorization" },
  );
});
