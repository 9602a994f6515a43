// The OpenAPI 3.1 document, generated from the same route contracts (and zod schemas) that validate requests.
import { z } from "zod";
import type { RouteContract } from "./contract";
import { errorBodySchemas, type SurfaceName } from "./dialects";
import * as agencyPlatform from "./platform/agency-contracts";
import * as auditPlatform from "./platform/audit-contracts";
import * as brandingPlatform from "./platform/branding-contracts";
import * as platform from "./platform/contracts";
import * as creditPlatform from "./platform/credit-contracts";
import * as domainPlatform from "./platform/domain-contracts";
import * as notificationPlatform from "./platform/notification-contracts";
import * as usagePlatform from "./platform/usage-contracts";
import * as tenantPlatform from "./platform/tenant-contracts";
import * as userPlatform from "./platform/user-contracts";
import * as v1 from "./v1/contracts";

/** Every contract the product serves; a new surface adds its module here. */
export const allContracts: RouteContract[] = [
  v1,
  platform,
  agencyPlatform,
  auditPlatform,
  brandingPlatform,
  creditPlatform,
  domainPlatform,
  notificationPlatform,
  tenantPlatform,
  usagePlatform,
  userPlatform,
]
  .flatMap((module) => Object.values(module as Record<string, unknown>))
  .filter(isContract);

function isContract(value: unknown): value is RouteContract {
  return typeof value === "object" && value !== null && "method" in value && "path" in value && "surface" in value;
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: "path" | "query") {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    schema: property,
  }));
}

const CONTENT_TYPE: Record<SurfaceName, string> = { v1: "application/problem+json", platform: "application/json", billing: "application/json" };

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request",
  401: "Missing or invalid credentials",
  403: "Not allowed for this principal",
  404: "Not found",
  409: "Conflict",
  422: "Validation failed",
  429: "Too many requests",
  500: "Unexpected error",
};

function operation(contract: RouteContract) {
  const responses: Record<string, unknown> = {
    [String(contract.successStatus ?? 200)]: {
      description: "Success",
      ...(contract.response ? { content: { "application/json": { schema: jsonSchema(contract.response, "output") } } } : {}),
    },
  };
  for (const status of contract.errors ?? []) {
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? "Error",
      content: { [CONTENT_TYPE[contract.surface]]: { schema: { $ref: `#/components/schemas/${contract.surface}Error` } } },
    };
  }
  return {
    operationId: `${contract.method.toLowerCase()}${contract.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: contract.tags,
    parameters: [...parametersOf(contract.params, "path"), ...parametersOf(contract.query, "query")],
    ...(contract.body
      ? {
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(contract.documentedBody ?? contract.body, "input") } } },
        }
      : {}),
    responses,
    security: contract.auth === "public" ? [] : [{ bearerAuth: [] }, { jwtAuth: [] }, { sessionCookie: [] }],
  };
}

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const contract of allContracts) {
    (paths[contract.path] ??= {})[contract.method.toLowerCase()] = operation(contract);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tenant control plane API",
      version: "1.0.0",
      description: "Every API of the control plane. All surfaces act on the same organizations (tenants).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: Object.fromEntries(
        (Object.keys(errorBodySchemas) as SurfaceName[]).map((s) => [`${s}Error`, jsonSchema(errorBodySchemas[s], "output")]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "A personal API token (cpt_...) or an access token from POST /api/v1/auth/token.",
        },
        jwtAuth: { type: "apiKey", in: "header", name: "Authorization", description: "`JWT <token>`, the same tokens as bearerAuth (seed 003)." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The console's session; mutations only from the console's origin.",
        },
      },
    },
  };
}
