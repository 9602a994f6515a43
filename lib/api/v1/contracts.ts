// REST v1 (seed 003): JWT or personal tokens, RFC 9457 problem details.
import { z } from "zod";
import { CreateApiTokenInput } from "@/lib/auth/api-tokens";
import { CreateOrganizationInput, ListOrganizationsQuery, OrganizationIdParams, TenantV1, TenantV1Detail } from "@/lib/organizations/schemas";
import { PageQuery } from "@/lib/pagination";
import { SerialId } from "@/lib/validation";
import { requireUser } from "@/lib/context";
import { requireOrganizationCreator } from "@/lib/organizations/guards";
import { defineContract } from "../contract";

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const IssueAccessTokenBody = z.object({ email: z.string().trim().min(1).max(255), password: z.string().min(1).max(1024) });

export const issueAccessToken = defineContract({
  method: "POST",
  path: "/api/v1/auth/token",
  surface: "v1",
  summary: "Exchange an email and password for an access token (a JWT valid for one hour)",
  tags: ["Authentication"],
  auth: "public",
  body: IssueAccessTokenBody,
  response: z.object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number().int() }),
  errors: [400, 401, 429],
});

const ApiTokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  scopes: z.array(z.string()),
});

export const createApiToken = defineContract({
  method: "POST",
  path: "/api/v1/api-tokens",
  surface: "v1",
  summary: "Create a personal API token (its text is returned once, in `token`)",
  tags: ["API tokens"],
  auth: requireUser,
  body: CreateApiTokenInput,
  response: ApiTokenView.extend({ token: z.string() }),
  successStatus: 201,
  errors: [400, 401],
});

export const listApiTokens = defineContract({
  method: "GET",
  path: "/api/v1/api-tokens",
  surface: "v1",
  summary: "List your personal API tokens",
  tags: ["API tokens"],
  auth: requireUser,
  query: PageQuery,
  response: pageOf(ApiTokenView),
  errors: [400, 401],
});

export const revokeApiToken = defineContract({
  method: "DELETE",
  path: "/api/v1/api-tokens/{id}",
  surface: "v1",
  summary: "Revoke one of your personal API tokens",
  tags: ["API tokens"],
  auth: requireUser,
  params: z.object({ id: SerialId }),
  notFound: "API token not found",
  response: ApiTokenView,
  errors: [401, 404, 409],
});

export const createTenant = defineContract({
  method: "POST",
  path: "/api/v1/tenants",
  surface: "v1",
  summary: "Create a tenant (organization)",
  description: "A superadmin creates a platform organization (or one under `admin_id`); an agency admin creates it under its agency.",
  tags: ["Tenants"],
  auth: requireOrganizationCreator,
  body: CreateOrganizationInput,
  response: TenantV1,
  successStatus: 201,
  errors: [400, 401, 403, 409, 422, 500],
  failureDetail: "Failed to create tenant",
});

export const listTenants = defineContract({
  method: "GET",
  path: "/api/v1/tenants",
  surface: "v1",
  summary: "List the tenants you can see, newest first",
  tags: ["Tenants"],
  auth: requireUser,
  query: ListOrganizationsQuery,
  response: pageOf(TenantV1Detail),
  errors: [400, 401],
});

export const getTenant = defineContract({
  method: "GET",
  path: "/api/v1/tenants/{id}",
  surface: "v1",
  summary: "Get one tenant",
  tags: ["Tenants"],
  auth: requireUser,
  params: OrganizationIdParams,
  response: TenantV1Detail,
  notFound: "Tenant not found",
  errors: [401, 404],
});
