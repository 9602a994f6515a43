import * as platform from "@/lib/api/platform/contracts";
import { JsonText, apiRoute } from "@/lib/api/route";
import { registrationsPageJson } from "@/lib/registrations/queries";

export const dynamic = "force-dynamic";

// GET /api/tenants/requests?status= - registration requests, newest first (superadmin); the page written
// by PostgreSQL in toRegistrationView's shape
export const GET = apiRoute(platform.listRequests, async (ctx, { query }) => new JsonText(await registrationsPageJson(ctx, query)));
