import * as contracts from "@/lib/api/platform/domain-contracts";
import { apiRoute } from "@/lib/api/route";
import { getDomain, removeDomain, setDomain } from "@/lib/domains/domains";
import { toDomainView } from "@/lib/domains/schemas";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations/{org_id}/domain - the custom domain, its status and TXT record
export const GET = apiRoute(contracts.getOrganizationDomain, async (ctx, { params }) =>
  toDomainView(await getDomain(ctx, { organizationId: params.org_id })),
);

// PUT /api/tenants/organizations/{org_id}/domain - set or replace it (a pending claim)
export const PUT = apiRoute(contracts.setOrganizationDomain, async (ctx, { params, body }) =>
  toDomainView(await setDomain(ctx, { organizationId: params.org_id, domain: body.domain })),
);

// DELETE /api/tenants/organizations/{org_id}/domain - remove it
export const DELETE = apiRoute(contracts.removeOrganizationDomain, async (ctx, { params }) => {
  await removeDomain(ctx, { organizationId: params.org_id });
  return { message: "The custom domain was removed." };
});
