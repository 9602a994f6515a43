import { describe, expect, it } from "vitest";
import { z } from "zod";
import { summarizeFieldErrors } from "@/lib/errors";
import { inputErrorsOf } from "@/lib/testing/field-errors";
import { Email, PG_INT_MAX, SerialId, Subdomain, parseInput } from "./validation";

// The request of seed 000's create-tenant example.
const CreateTenant = z.object({ email: Email, name: z.string().max(255).optional(), subdomain: Subdomain });

describe("field errors, worded as Laravel words them (seed 000)", () => {
  it("words a bad email and a short, badly formed subdomain as seed 000 shows them", () => {
    const fieldErrors = inputErrorsOf(CreateTenant, { email: "not-an-email", subdomain: "-a" });
    expect(fieldErrors).toEqual({
      email: ["The email field must be a valid email address."],
      subdomain: ["The subdomain field must be at least 3 characters.", "The subdomain field format is invalid."],
    });
  });

  it("sums the errors up in the ValidationError's message", () => {
    expect(() => parseInput(CreateTenant, { email: "not-an-email", subdomain: "-a" })).toThrow(
      "The email field must be a valid email address. (and 2 more errors)",
    );
  });

  it("says a missing or empty field is required", () => {
    expect(inputErrorsOf(z.object({ name: z.string().min(1), count: z.number() }), {})).toEqual({
      name: ["The name field is required."],
      count: ["The count field is required."],
    });
    expect(inputErrorsOf(z.object({ name: z.string().min(1) }), { name: "" })).toEqual({ name: ["The name field is required."] });
  });

  it("words lengths and sizes with their limits", () => {
    const schema = z.object({ name: z.string().max(255), count: z.number().min(1).max(10), tags: z.array(z.string()).max(2) });
    expect(inputErrorsOf(schema, { name: "x".repeat(256), count: 0, tags: ["a", "b", "c"] })).toEqual({
      name: ["The name field must not be greater than 255 characters."],
      count: ["The count field must be at least 1."],
      tags: ["The tags field must not have more than 2 items."],
    });
    expect(inputErrorsOf(schema, { name: "ok", count: 11, tags: [] })).toEqual({ count: ["The count field must not be greater than 10."] });
    // Exclusive bounds (positive(), gt(), lt()) refuse the bound itself, so they are not worded "at least".
    const exclusive = z.object({ amount: z.number().positive(), below: z.number().lt(5) });
    expect(inputErrorsOf(exclusive, { amount: 0, below: 5 })).toEqual({
      amount: ["The amount field must be greater than 0."],
      below: ["The below field must be less than 5."],
    });
  });

  it("names fields in words: underscores become spaces", () => {
    expect(inputErrorsOf(z.object({ storage_limit_gb: z.number().min(0) }), { storage_limit_gb: -1 })).toEqual({
      storage_limit_gb: ["The storage limit gb field must be at least 0."],
    });
  });

  it("says which choice is invalid, and which fields are not allowed", () => {
    expect(inputErrorsOf(z.object({ status: z.enum(["active", "suspended"]) }), { status: "gone" })).toEqual({
      status: ["The selected status is invalid."],
    });
    expect(inputErrorsOf(z.object({ name: z.string() }).strict(), { name: "x", role: "admin" })).toEqual({
      role: ["The role field is not allowed."],
    });
  });

  it("words URL and UUID formats", () => {
    expect(inputErrorsOf(z.object({ website: z.url(), id: z.uuid() }), { website: "not a url", id: "123" })).toEqual({
      website: ["The website field must be a valid URL."],
      id: ["The id field must be a valid UUID."],
    });
  });

  it("says a present value of the wrong type must be of the right type, not that it is missing", () => {
    const schema = z.object({ name: z.string(), count: z.number(), days: z.number().int(), active: z.boolean(), tags: z.array(z.string()) });
    expect(inputErrorsOf(schema, { name: 3, count: "3", days: 1.5, active: "yes", tags: "a" })).toEqual({
      name: ["The name field must be a string."],
      count: ["The count field must be a number."],
      days: ["The days field must be an integer."],
      active: ["The active field must be true or false."],
      tags: ["The tags field must be an array."],
    });
  });

  it("says a null value is required", () => {
    expect(inputErrorsOf(z.object({ name: z.string() }), { name: null })).toEqual({ name: ["The name field is required."] });
  });

  it("keys nested errors by their path and names the innermost field", () => {
    expect(inputErrorsOf(z.object({ branding: z.object({ primary_color: z.string() }) }), { branding: {} })).toEqual({
      "branding.primary_color": ["The primary color field is required."],
    });
  });

  it("returns the parsed value when the input is valid", () => {
    expect(parseInput(CreateTenant, { email: "  ann@example.com ", subdomain: "my-page" })).toEqual({
      email: "ann@example.com",
      subdomain: "my-page",
    });
  });
});

describe("Subdomain (seed 000's rules)", () => {
  it.each(["my-page", "page123", "test-site-1", "abc", "a".repeat(63), "1-2"])("accepts %s", (subdomain) => {
    expect(Subdomain.safeParse(subdomain).success).toBe(true);
  });

  it.each([
    ["my page", "a space"],
    ["My-Page", "uppercase"],
    ["-mypage", "a leading hyphen"],
    ["mypage-", "a trailing hyphen"],
    ["page.qrweb.mn", "dots"],
    ["my--page", "consecutive hyphens"],
    ["ab", "2 characters"],
    ["a".repeat(64), "64 characters"],
    ["päge", "a non-ASCII letter"],
    ["", "nothing"],
  ])("refuses %j (%s)", (subdomain) => {
    expect(Subdomain.safeParse(subdomain).success).toBe(false);
  });

  it("words a too long subdomain with its limit", () => {
    expect(inputErrorsOf(z.object({ subdomain: Subdomain }), { subdomain: "a".repeat(64) })).toEqual({
      subdomain: ["The subdomain field must not be greater than 63 characters."],
    });
  });
});

describe("SerialId", () => {
  it("takes ids up to PostgreSQL's integer maximum, from paths as from JSON, and refuses what no serial column holds", () => {
    const Params = z.object({ id: SerialId });
    expect(parseInput(Params, { id: String(PG_INT_MAX) })).toEqual({ id: PG_INT_MAX });
    expect(inputErrorsOf(Params, { id: PG_INT_MAX + 1 })).toEqual({ id: [`The id field must not be greater than ${PG_INT_MAX}.`] });
    expect(inputErrorsOf(Params, { id: "0" })).toEqual({ id: ["The id field must be greater than 0."] });
  });
});

describe("summarizeFieldErrors", () => {
  it("gives the only error as it is", () => {
    expect(summarizeFieldErrors({ name: ["The name field is required."] })).toBe("The name field is required.");
  });

  it('counts one more error in the singular: "(and 1 more error)"', () => {
    expect(summarizeFieldErrors({ name: ["The name field is required."], slug: ["The slug field is required."] })).toBe(
      "The name field is required. (and 1 more error)",
    );
  });

  it('counts the errors of every field: "(and N more errors)"', () => {
    expect(
      summarizeFieldErrors({
        email: ["The email field must be a valid email address.", "The selected email is invalid."],
        subdomain: ["The subdomain field must be at least 3 characters.", "The subdomain field format is invalid."],
      }),
    ).toBe("The email field must be a valid email address. (and 3 more errors)");
  });

  it("has a general message when no field error is given", () => {
    expect(summarizeFieldErrors({})).toBe("The given data was invalid.");
  });
});
