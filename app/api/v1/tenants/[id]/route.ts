import * as v1 from "@/lib/api/v1/contracts";
import { apiRoute } from "@/lib/api/route";
import { getOrganization } from "@/lib/organizations/organizations";
import { toTenantV1Detail } from "@/lib/organizations/views";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{id} - one tenant, 404 when it does not exist or is not visible to the caller
export const GET = apiRoute(v1.getTenant, async (ctx, { params }) => toTenantV1Detail(await getOrganization(ctx, params)));
