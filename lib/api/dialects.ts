// The three error dialects of DESIGN.md. Each turns a service error into the body its clients expect;
// an unknown error becomes a generic 500 without its message.
import { z } from "zod";
import { RateLimitedError, ServiceError, UnauthorizedError, ValidationError } from "@/lib/errors";

export interface Rendered {
  status: number;
  body: unknown;
  contentType: string;
  headers?: Record<string, string>;
}

export interface Dialect {
  name: "v1" | "platform" | "billing";
  success(body: unknown, status: number): Rendered;
  /** `failureDetail` words the 500 for this operation ("Failed to create tenant"). */
  error(err: unknown, failureDetail?: string): Rendered;
}

const REASON: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

function retryHeaders(err: unknown): Record<string, string> | undefined {
  return err instanceof RateLimitedError ? { "retry-after": String(err.retryAfterSeconds) } : undefined;
}

const JSON_TYPE = "application/json";

/** REST v1: RFC 9457 problem details. Field errors are a 400 there, as seed 003 documents. */
export const problemDialect: Dialect = {
  name: "v1",
  success: (body, status) => ({ status, body, contentType: JSON_TYPE }),
  error(err, failureDetail) {
    let status = 500;
    let detail = failureDetail ?? "An unexpected error occurred.";
    let errors: Record<string, string[]> | undefined;
    if (err instanceof ValidationError) {
      status = 400;
      detail = err.message;
      errors = err.fieldErrors;
    } else if (err instanceof ServiceError) {
      status = err.status;
      detail = err.message;
    }
    const body = { type: "about:blank", title: REASON[status] ?? "Error", status, detail, ...(errors ? { errors } : {}) };
    return { status, body, contentType: "application/problem+json", headers: retryHeaders(err) };
  },
};

/** /api/tenants/**: Laravel style, `{message}` and 422 `{message, errors}`. */
export const platformDialect: Dialect = {
  name: "platform",
  success: (body, status) => ({ status, body, contentType: JSON_TYPE }),
  error(err) {
    if (err instanceof ValidationError) return { status: 422, body: { message: err.message, errors: err.fieldErrors }, contentType: JSON_TYPE };
    if (err instanceof UnauthorizedError) return { status: 401, body: { message: "Unauthorized" }, contentType: JSON_TYPE };
    if (err instanceof ServiceError)
      return { status: err.status, body: { message: err.message }, contentType: JSON_TYPE, headers: retryHeaders(err) };
    return { status: 500, body: { message: "Server Error" }, contentType: JSON_TYPE };
  },
};

/** The billing-system module (seed 001): `{success: false, message}` with the matching status. */
export const billingDialect: Dialect = {
  name: "billing",
  success: (body, status) => ({ status, body: { success: true, ...(body as object) }, contentType: JSON_TYPE }),
  error(err) {
    if (err instanceof ValidationError)
      return { status: 422, body: { success: false, message: err.message, errors: err.fieldErrors }, contentType: JSON_TYPE };
    if (err instanceof UnauthorizedError) return { status: 401, body: { success: false, message: "Unauthorized" }, contentType: JSON_TYPE };
    if (err instanceof ServiceError)
      return { status: err.status, body: { success: false, message: err.message }, contentType: JSON_TYPE, headers: retryHeaders(err) };
    return { status: 500, body: { success: false, message: "An unexpected error occurred." }, contentType: JSON_TYPE };
  },
};

export const dialects = { v1: problemDialect, platform: platformDialect, billing: billingDialect } as const;
export type SurfaceName = keyof typeof dialects;

/** Schemas of the error bodies, for the OpenAPI document. */
export const errorBodySchemas: Record<SurfaceName, z.ZodType> = {
  v1: z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.record(z.string(), z.array(z.string())).optional(),
  }),
  platform: z.object({ message: z.string(), errors: z.record(z.string(), z.array(z.string())).optional() }),
  billing: z.object({ success: z.literal(false), message: z.string(), errors: z.record(z.string(), z.array(z.string())).optional() }),
};
