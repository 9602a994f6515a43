import * as contracts from "@/lib/api/platform/domain-contracts";
import { apiRoute } from "@/lib/api/route";
import { verifyDomain } from "@/lib/domains/domains";
import { toDomainView } from "@/lib/domains/schemas";

export const dynamic = "force-dynamic";

// POST /api/tenants/organizations/{org_id}/domain/verify - check the TXT record now
export const POST = apiRoute(contracts.verifyOrganizationDomain, async (ctx, { params }) =>
  toDomainView(await verifyDomain(ctx, { organizationId: params.org_id })),
);
