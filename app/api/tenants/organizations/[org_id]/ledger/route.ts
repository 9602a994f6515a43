import * as contracts from "@/lib/api/platform/credit-contracts";
import { apiRoute } from "@/lib/api/route";
import { organizationLedger, toLedgerEntryView } from "@/lib/credits/ledger";

export const dynamic = "force-dynamic";

// GET /api/tenants/organizations/{org_id}/ledger - an organization's credit ledger
export const GET = apiRoute(contracts.organizationLedger, async (ctx, { params, query }) => {
  const page = await organizationLedger(ctx, { ...query, id: params.org_id });
  return { ...page, data: page.data.map(toLedgerEntryView) };
});
