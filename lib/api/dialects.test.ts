import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InsufficientCreditsError,
  InvalidStateError,
  MalformedRequestError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";
import { billingDialect, errorBodySchemas, platformDialect, problemDialect } from "./dialects";

const fieldErrors = {
  email: ["The email field must be a valid email address."],
  subdomain: ["The subdomain field must be at least 3 characters.", "The subdomain field format is invalid."],
};
const SUMMARY = "The email field must be a valid email address. (and 2 more errors)";

// Every service error with the status and message a client should see, whatever the dialect.
const serviceErrors = [
  { err: new MalformedRequestError(), status: 400, message: "Invalid request body format", title: "Bad Request" },
  { err: new ForbiddenError("Agency admins only."), status: 403, message: "Agency admins only.", title: "Forbidden" },
  { err: new NotFoundError("Tenant not found"), status: 404, message: "Tenant not found", title: "Not Found" },
  { err: new ConflictError("Tenant slug already exists", "slug"), status: 409, message: "Tenant slug already exists", title: "Conflict" },
  { err: new InvalidStateError("This API token is already revoked."), status: 409, message: "This API token is already revoked.", title: "Conflict" },
  { err: new InsufficientCreditsError(), status: 422, message: "Insufficient credits", title: "Unprocessable Content" },
  {
    err: new IdempotencyKeyReusedError(),
    status: 422,
    message: "This Idempotency-Key was already used with a different request.",
    title: "Unprocessable Content",
  },
  { err: new RateLimitedError("Too many attempts.", 90), status: 429, message: "Too many attempts.", title: "Too Many Requests" },
];

const SECRET = "connection to 10.0.0.5:5432 refused for user cp_admin";

describe("problemDialect (REST v1, RFC 9457)", () => {
  it.each(serviceErrors)("renders $err.constructor.name as problem+json with its status", ({ err, status, message, title }) => {
    const rendered = problemDialect.error(err);
    expect(rendered.status).toBe(status);
    expect(rendered.contentType).toBe("application/problem+json");
    expect(rendered.body).toEqual({ type: "about:blank", title, status, detail: message });
  });

  it("renders a ValidationError as a 400 with the summary and the field errors", () => {
    const rendered = problemDialect.error(new ValidationError(fieldErrors));
    expect(rendered.status).toBe(400);
    expect(rendered.contentType).toBe("application/problem+json");
    expect(rendered.body).toEqual({ type: "about:blank", title: "Bad Request", status: 400, detail: SUMMARY, errors: fieldErrors });
  });

  it("renders an UnauthorizedError as seed 003 shows it", () => {
    const rendered = problemDialect.error(new UnauthorizedError());
    expect(rendered.status).toBe(401);
    expect(rendered.body).toEqual({ type: "about:blank", title: "Unauthorized", status: 401, detail: "Authentication required" });
  });

  it("sends Retry-After with a rate limit, and only then", () => {
    expect(problemDialect.error(new RateLimitedError("Slow down.", 120)).headers).toEqual({ "retry-after": "120" });
    expect(problemDialect.error(new NotFoundError()).headers?.["retry-after"]).toBeUndefined();
  });

  it("renders an unknown error as a generic 500 without its message", () => {
    const rendered = problemDialect.error(new Error(SECRET));
    expect(rendered.status).toBe(500);
    expect(rendered.contentType).toBe("application/problem+json");
    expect(rendered.body).toEqual({ type: "about:blank", title: "Internal Server Error", status: 500, detail: "An unexpected error occurred." });
    expect(JSON.stringify(rendered.body)).not.toContain("10.0.0.5");
  });

  it("words the 500 with the operation's failure detail (seed 003)", () => {
    const rendered = problemDialect.error(new TypeError(SECRET), "Failed to create tenant");
    expect(rendered.body).toMatchObject({ status: 500, detail: "Failed to create tenant" });
    expect(JSON.stringify(rendered.body)).not.toContain(SECRET);
  });

  it("renders a thrown non-Error value as a generic 500", () => {
    expect(problemDialect.error(SECRET).status).toBe(500);
    expect(JSON.stringify(problemDialect.error(SECRET).body)).not.toContain(SECRET);
  });
});

describe("platformDialect (/api/tenants, Laravel style)", () => {
  it.each(serviceErrors)("renders $err.constructor.name as {message} with its status", ({ err, status, message }) => {
    const rendered = platformDialect.error(err);
    expect(rendered.status).toBe(status);
    expect(rendered.contentType).toBe("application/json");
    expect(rendered.body).toEqual({ message });
  });

  it("renders a ValidationError as a 422 with the Laravel summary and the field errors", () => {
    const rendered = platformDialect.error(new ValidationError(fieldErrors));
    expect(rendered.status).toBe(422);
    expect(rendered.body).toEqual({ message: SUMMARY, errors: fieldErrors });
  });

  it("renders every UnauthorizedError as {message: Unauthorized}", () => {
    const rendered = platformDialect.error(new UnauthorizedError("The email or password is incorrect."));
    expect(rendered.status).toBe(401);
    expect(rendered.body).toEqual({ message: "Unauthorized" });
  });

  it("sends Retry-After with a rate limit", () => {
    expect(platformDialect.error(new RateLimitedError("Slow down.", 7)).headers).toEqual({ "retry-after": "7" });
  });

  it("renders an unknown error as a generic 500 without its message", () => {
    const rendered = platformDialect.error(new Error(SECRET), "Failed to create tenant");
    expect(rendered.status).toBe(500);
    expect(rendered.body).toEqual({ message: "Server Error" });
    expect(JSON.stringify(rendered.body)).not.toContain(SECRET);
  });
});

describe("billingDialect (billing module, seed 001)", () => {
  it.each(serviceErrors)("renders $err.constructor.name as {success: false, message} with its status", ({ err, status, message }) => {
    const rendered = billingDialect.error(err);
    expect(rendered.status).toBe(status);
    expect(rendered.contentType).toBe("application/json");
    expect(rendered.body).toEqual({ success: false, message });
  });

  it("renders a ValidationError as a 422 with success false", () => {
    const rendered = billingDialect.error(new ValidationError(fieldErrors));
    expect(rendered.status).toBe(422);
    expect(rendered.body).toMatchObject({ success: false, message: SUMMARY });
  });

  it("renders an UnauthorizedError as a 401 with success false", () => {
    const rendered = billingDialect.error(new UnauthorizedError());
    expect(rendered.status).toBe(401);
    expect(rendered.body).toEqual({ success: false, message: "Unauthorized" });
  });

  it("sends Retry-After with a rate limit", () => {
    expect(billingDialect.error(new RateLimitedError("Slow down.", 30)).headers).toEqual({ "retry-after": "30" });
  });

  it("renders an unknown error as a generic 500 without its message", () => {
    const rendered = billingDialect.error(new Error(SECRET));
    expect(rendered.status).toBe(500);
    expect(rendered.body).toEqual({ success: false, message: "An unexpected error occurred." });
    expect(JSON.stringify(rendered.body)).not.toContain(SECRET);
  });

  it("marks a success with success: true beside the result", () => {
    expect(billingDialect.success({ balance: 10 }, 200)).toMatchObject({ status: 200, body: { success: true, balance: 10 } });
  });
});

describe("errorBodySchemas (the OpenAPI document's error bodies)", () => {
  const everyError = [...serviceErrors.map((e) => e.err), new ValidationError(fieldErrors), new UnauthorizedError(), new Error(SECRET)];

  it.each([
    ["v1", problemDialect],
    ["platform", platformDialect],
    ["billing", billingDialect],
  ] as const)("describe every error body the %s dialect renders, with no undocumented field", (surface, dialect) => {
    const documented = (errorBodySchemas[surface] as z.ZodObject).strict();
    for (const err of everyError) {
      const { body } = dialect.error(err);
      expect(documented.safeParse(body).success, `${err.constructor.name}: ${JSON.stringify(body)}`).toBe(true);
    }
  });
});
