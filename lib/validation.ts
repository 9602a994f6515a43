// Shared field rules and the one place that words validation failures, Laravel style
// ("The subdomain field must be at least 3 characters."), for every surface.
import { z } from "zod";
import { type FieldErrors, ValidationError } from "@/lib/errors";

/** A lowercase host name such as app.example.com (no scheme, port or path). */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/);

/** Seed 000's subdomain rules: 3-63 chars, a-z 0-9 and single hyphens, alphanumeric at both ends. */
export const Subdomain = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/);

export const Email = z.string().trim().max(255).pipe(z.email());

/** PostgreSQL's integer (int4) maximum: the largest id, limit or offset an integer column or parameter holds. */
export const PG_INT_MAX = 2_147_483_647;

/** An integer id of a serial column: beyond PG_INT_MAX it names nothing (and the database would refuse it). */
export const SerialId = z.coerce.number().int().positive().max(PG_INT_MAX);

function label(path: PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === "string");
  return String(last ?? "input").replace(/_/g, " ");
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "an array",
  object: "an object",
};

function messageFor(issue: z.core.$ZodIssue): string {
  const field = label(issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return `The ${field} field is required.`;
      return `The ${field} field must be ${TYPE_NAMES[issue.expected] ?? `of type ${issue.expected}`}.`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? `The ${field} field is required.` : `The ${field} field must be at least ${issue.minimum} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `The ${field} field must have at least ${issue.minimum} items.`;
      // positive() and gt(): the bound itself is refused.
      if (issue.inclusive === false) return `The ${field} field must be greater than ${issue.minimum}.`;
      return `The ${field} field must be at least ${issue.minimum}.`;
    case "too_big":
      if (issue.origin === "string") return `The ${field} field must not be greater than ${issue.maximum} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `The ${field} field must not have more than ${issue.maximum} items.`;
      if (issue.inclusive === false) return `The ${field} field must be less than ${issue.maximum}.`;
      return `The ${field} field must not be greater than ${issue.maximum}.`;
    case "invalid_format":
      if (issue.format === "email") return `The ${field} field must be a valid email address.`;
      if (issue.format === "url") return `The ${field} field must be a valid URL.`;
      if (issue.format === "uuid") return `The ${field} field must be a valid UUID.`;
      return `The ${field} field format is invalid.`;
    case "invalid_value":
      return `The selected ${field} is invalid.`;
    case "unrecognized_keys":
      return `The ${issue.keys.join(", ")} field${issue.keys.length > 1 ? "s are" : " is"} not allowed.`;
    case "custom":
      return issue.message.includes("{field}") ? issue.message.replace("{field}", field) : issue.message;
    default:
      return `The ${field} field is invalid.`;
  }
}

/**
 * Parse with `{ reportInput: true }`: without it zod leaves `issue.input` out, and a value of the
 * wrong type ("abc" for a number) would be worded as a missing one.
 */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.map(String).join(".") || "body";
    (errors[key] ??= []).push(messageFor(issue));
  }
  return errors;
}

/** Parses input with a schema, throwing a ValidationError worded for people. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error));
  return result.data;
}
