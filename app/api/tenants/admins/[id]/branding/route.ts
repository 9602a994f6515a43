import * as branding from "@/lib/api/platform/branding-contracts";
import { apiRoute } from "@/lib/api/route";
import { getAgencyBranding, toAgencyBrandingView, updateAgencyBranding } from "@/lib/branding/agency-branding";

export const dynamic = "force-dynamic";

// GET /api/tenants/admins/{id}/branding - the agency's own branding and what its console shows
export const GET = apiRoute(branding.getAgencyBranding, async (ctx, { params }) => toAgencyBrandingView(await getAgencyBranding(ctx, params)));

// PUT /api/tenants/admins/{id}/branding - partial update; null resets a field to the platform default
export const PUT = apiRoute(branding.updateAgencyBranding, async (ctx, { params, body }) =>
  toAgencyBrandingView(await updateAgencyBranding(ctx, { id: params.id, branding: body.branding })),
);
