// What a refusal says, for tests that compare it with what the user is shown: the rejection itself,
// or the field errors of a ValidationError (from a service call or from a schema).
import { expect } from "vitest";
import type { z } from "zod";
import { type FieldErrors, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

/** What the promise rejects with; a promise that resolves fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

/** The field errors of the ValidationError the promise rejects with. */
export async function fieldErrorsOf(promise: Promise<unknown>): Promise<FieldErrors> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).fieldErrors;
}

/** The field errors parseInput throws for this input, or null when the schema accepts it. */
export function inputErrorsOf(schema: z.ZodType, input: unknown): FieldErrors | null {
  try {
    parseInput(schema, input);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fieldErrors;
  }
}
