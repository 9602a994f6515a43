// Typed service errors. Services throw these; each API surface has one renderer for them.

export type FieldErrors = Record<string, string[]>;

export abstract class ServiceError extends Error {
  abstract readonly status: number;
}

/** Input that breaks a rule. `fieldErrors` are worded for people ("The slug field format is invalid."). */
export class ValidationError extends ServiceError {
  readonly status = 422;
  constructor(
    readonly fieldErrors: FieldErrors,
    message?: string,
  ) {
    super(message ?? summarizeFieldErrors(fieldErrors));
  }
}

/** A body that is not JSON at all, or not an object. */
export class MalformedRequestError extends ServiceError {
  readonly status = 400;
  constructor(message = "Invalid request body format") {
    super(message);
  }
}

export class UnauthorizedError extends ServiceError {
  readonly status = 401;
  constructor(message = "Authentication required") {
    super(message);
  }
}

export class ForbiddenError extends ServiceError {
  readonly status = 403;
  constructor(message = "You are not allowed to do this.") {
    super(message);
  }
}

export class NotFoundError extends ServiceError {
  readonly status = 404;
  constructor(message = "Not found") {
    super(message);
  }
}

export class ConflictError extends ServiceError {
  readonly status = 409;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The thing exists but its state does not allow the transition asked for. */
export class InvalidStateError extends ServiceError {
  readonly status = 409;
}

export class InsufficientCreditsError extends ServiceError {
  readonly status = 422;
  constructor(message = "Insufficient credits") {
    super(message);
  }
}

export class RateLimitedError extends ServiceError {
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** "The first error (and N more errors)", as Laravel words a failed validation. */
export function summarizeFieldErrors(fieldErrors: FieldErrors): string {
  const all = Object.values(fieldErrors).flat();
  if (all.length === 0) return "The given data was invalid.";
  const rest = all.length - 1;
  return rest === 0 ? all[0] : `${all[0]} (and ${rest} more error${rest === 1 ? "" : "s"})`;
}

/** Postgres unique violations, from either driver (drizzle wraps the driver error in `cause`). */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: string; constraint_name?: string; constraint?: string };
    if (candidate.code === "23505") return candidate.constraint_name ?? candidate.constraint ?? "";
  }
  return null;
}

/** An Idempotency-Key reused with a different request body. */
export class IdempotencyKeyReusedError extends ServiceError {
  readonly status = 422;
  constructor(message = "This Idempotency-Key was already used with a different request.") {
    super(message);
  }
}
