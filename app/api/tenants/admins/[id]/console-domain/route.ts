import * as contracts from "@/lib/api/platform/domain-contracts";
import { apiRoute } from "@/lib/api/route";
import { getDomain, removeDomain, setDomain } from "@/lib/domains/domains";
import { toDomainView } from "@/lib/domains/schemas";

export const dynamic = "force-dynamic";

// GET /api/tenants/admins/{id}/console-domain - the console domain, its status and TXT record
export const GET = apiRoute(contracts.getAgencyConsoleDomain, async (ctx, { params }) => toDomainView(await getDomain(ctx, { agencyId: params.id })));

// PUT /api/tenants/admins/{id}/console-domain - set or replace it (a pending claim)
export const PUT = apiRoute(contracts.setAgencyConsoleDomain, async (ctx, { params, body }) =>
  toDomainView(await setDomain(ctx, { agencyId: params.id, domain: body.domain })),
);

// DELETE /api/tenants/admins/{id}/console-domain - remove it
export const DELETE = apiRoute(contracts.removeAgencyConsoleDomain, async (ctx, { params }) => {
  await removeDomain(ctx, { agencyId: params.id });
  return { message: "The console domain was removed." };
});
