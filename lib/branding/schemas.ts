// The white-label branding's fields and rules, shared by the API, the services and the console's
// editor (which imports this file in the browser: no server-only imports here).
import { z } from "zod";
import { Email } from "@/lib/validation";

/** A branding with every field resolved: what a page wears. */
export const BrandingView = z.object({
  logo_url: z.string().nullable(),
  favicon_url: z.string().nullable(),
  primary_color: z.string(),
  secondary_color: z.string(),
  app_name: z.string(),
  footer_text: z.string().nullable(),
  support_email: z.string().nullable(),
  hide_powered_by: z.boolean(),
});
export type Branding = z.infer<typeof BrandingView>;

export type BrandingField = keyof Branding;

export const BRANDING_FIELDS = [
  "logo_url",
  "favicon_url",
  "primary_color",
  "secondary_color",
  "app_name",
  "footer_text",
  "support_email",
  "hide_powered_by",
] as const satisfies readonly BrandingField[];

/** An agency's (or the platform's) own values: a field left out inherits the level below. */
export type BrandingOverrides = Partial<Branding>;

/** The product's own look, under everything: app/globals.css carries the same two colors. */
export const BUILT_IN_BRANDING: Branding = {
  logo_url: null,
  favicon_url: null,
  primary_color: "#4f46e5",
  secondary_color: "#0f172a",
  app_name: "Control Plane",
  footer_text: null,
  support_email: null,
  hide_powered_by: false,
};

/** Where a resolved branding came from: the request's host (three ways), the signed-in user (two), or the platform. */
export const brandingSources = ["console_domain", "custom_domain", "subdomain", "user_agency", "organization_agency", "platform"] as const;
export type BrandingSource = (typeof brandingSources)[number];

export const POWERED_BY = "Powered by Control Plane";

const MAX_URL_LENGTH = 2048;

// RFC 3986's characters and nothing else: no whitespace or control characters anywhere (browsers strip
// them, which is how `java\tscript:` becomes a script URL), no backslash (`https:/\evil` is read as
// `https://evil`), no quotes or angle brackets. Non-ASCII must be percent-encoded (or punycode).
const URL_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** Why a value is not an acceptable image URL, worded for people with `{field}`; null when it is. */
function httpsUrlProblem(value: string): string | null {
  // The scheme is checked on the raw text, before any parser normalizes `https:evil` or `HTTPS:\\x`.
  if (!/^https:\/\//i.test(value)) return "The {field} field must start with one of the following: https://.";
  // The host right after the two slashes: parsers quietly read `https:///x` as `https://x/`.
  if (!URL_CHARACTERS.test(value) || !/^https:\/\/[a-z0-9[]/i.test(value)) return "The {field} field must be a valid URL.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "The {field} field must be a valid URL.";
  }
  if (url.protocol !== "https:" || !url.hostname) return "The {field} field must be a valid URL.";
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(value)) return "The {field} field must not contain a user name or password.";
  return null;
}

export function isHttpsUrl(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_URL_LENGTH && httpsUrlProblem(value) === null;
}

const HttpsUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .superRefine((value, ctx) => {
    if (value.length > MAX_URL_LENGTH) return;
    const problem = httpsUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  })
  .meta({ format: "uri", pattern: "^https://", description: "An absolute https:// URL without credentials." });

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

const HexColor = z
  .string()
  .refine((v) => HEX_COLOR.test(v), { message: "The {field} field must be a hex color such as #4f46e5 or #fff." })
  .meta({ pattern: HEX_COLOR.source, description: "#rrggbb or #rgb." });

export function isHexColor(value: unknown): value is string {
  return typeof value === "string" && HEX_COLOR.test(value);
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const AppName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: "The {field} field must not contain control characters." });

/** Stored verbatim (HTML included) and always rendered as text. */
const FooterText = z.string().max(200);

/** The rule of each field, alone: the editor checks one field at a time, the resolver re-checks what it reads. */
export const brandingFieldSchemas = {
  logo_url: HttpsUrl,
  favicon_url: HttpsUrl,
  primary_color: HexColor,
  secondary_color: HexColor,
  app_name: AppName,
  footer_text: FooterText,
  support_email: Email,
  hide_powered_by: z.boolean(),
} satisfies Record<BrandingField, z.ZodType>;

/**
 * A change to a branding: a field left out keeps its value, `null` resets it to the default (the
 * platform's for an agency, the built-in one for the platform). Unknown fields are refused, so a
 * misspelt field is not silently ignored.
 */
export const BrandingPatch = z.strictObject({
  logo_url: HttpsUrl.nullable().optional(),
  favicon_url: HttpsUrl.nullable().optional(),
  primary_color: HexColor.nullable().optional(),
  secondary_color: HexColor.nullable().optional(),
  app_name: AppName.nullable().optional(),
  footer_text: FooterText.nullable().optional(),
  support_email: Email.nullable().optional(),
  hide_powered_by: z.boolean().nullable().optional(),
});
export type BrandingPatch = z.infer<typeof BrandingPatch>;

export const UpdateBrandingInput = z.object({ branding: BrandingPatch });

/** Every field present: null where the level below shows through. */
export const BrandingOverridesView = BrandingView.extend({
  primary_color: z.string().nullable(),
  secondary_color: z.string().nullable(),
  app_name: z.string().nullable(),
  hide_powered_by: z.boolean().nullable(),
});
export type BrandingOverridesView = z.infer<typeof BrandingOverridesView>;

/**
 * Only the values that still pass their rule: what is read back from storage is checked again, so a
 * row written around the API (by hand, by an older version) can never put a script URL or a CSS
 * fragment on a page.
 */
export function sanitizeOverrides(stored: unknown): BrandingOverrides {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return {};
  const out: Record<string, unknown> = {};
  for (const field of BRANDING_FIELDS) {
    const value = (stored as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    const parsed = brandingFieldSchemas[field].safeParse(value);
    if (parsed.success) out[field] = parsed.data;
  }
  return out as BrandingOverrides;
}

/** The overrides after a patch: set fields replace, null fields are removed, absent ones stay. */
export function applyBrandingPatch(stored: BrandingOverrides, patch: BrandingPatch): BrandingOverrides {
  const next: Record<string, unknown> = { ...stored };
  for (const field of BRANDING_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next as BrandingOverrides;
}

/** Each level's overrides over the one below, the first argument at the bottom. */
export function mergeBranding(base: Branding, ...levels: BrandingOverrides[]): Branding {
  const out: Branding = { ...base };
  for (const level of levels) {
    for (const field of BRANDING_FIELDS) {
      const value = level[field];
      if (value !== undefined && value !== null) (out as unknown as Record<string, unknown>)[field] = value;
    }
  }
  return out;
}

export function toOverridesView(overrides: BrandingOverrides): BrandingOverridesView {
  return Object.fromEntries(BRANDING_FIELDS.map((f) => [f, overrides[f] ?? null])) as BrandingOverridesView;
}
