// Every branding rule with the inputs an attacker would try: script and data URLs however disguised,
// CSS smuggled in as a color, overlong values. The API, the services and the editor share these rules.
import { describe, expect, it } from "vitest";
import { inputErrorsOf } from "@/lib/testing/field-errors";
import { SEED_BRANDING } from "@/lib/testing/seed-002-examples";
import { parseInput } from "@/lib/validation";
import { BUILT_IN_BRANDING, UpdateBrandingInput, applyBrandingPatch, isHexColor, isHttpsUrl, mergeBranding, sanitizeOverrides } from "./schemas";

/** The field errors of a PUT body, or null when it passes. */
const errorsOf = (branding: Record<string, unknown>) => inputErrorsOf(UpdateBrandingInput, { branding });

const MUST_BE_HTTPS = (field: string) => [`The ${field} field must start with one of the following: https://.`];
const INVALID_URL = (field: string) => [`The ${field} field must be a valid URL.`];

describe("logo_url and favicon_url", () => {
  it("accept absolute https URLs, the seed's example included", () => {
    for (const url of [
      "https://example.com/logo.png",
      "https://cdn.example.com:8443/a/b.svg?v=2#x",
      "HTTPS://EXAMPLE.COM/LOGO.PNG",
      "https://xn--bcher-kva.example/l%C3%B6go.png",
    ]) {
      expect(errorsOf({ logo_url: url, favicon_url: url }), url).toBeNull();
    }
  });

  it.each([
    ["javascript:alert(1)"],
    ["JAVASCRIPT:alert(1)"],
    ["java\tscript:alert(1)"],
    ["java\nscript:alert(1)"],
    ["data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="],
    ["vbscript:msgbox(1)"],
    ["http://example.com/logo.png"],
    ["//evil.example/logo.png"],
    ["/logo.png"],
    ["logo.png"],
    [" https://example.com/logo.png"],
    ["\u0000https://example.com/logo.png"],
    ["\u001fhttps://example.com/logo.png"],
    ["https:/\\evil.example/logo.png"],
    ["https:\\\\evil.example/logo.png"],
    ["https:evil.example/logo.png"],
    ["ftp://example.com/logo.png"],
    [""],
  ])("refuse %j as not https", (url) => {
    expect(errorsOf({ logo_url: url })).toEqual({ "branding.logo_url": MUST_BE_HTTPS("logo url") });
  });

  it.each([
    ["https://exa mple.com/logo.png"],
    ["https://example.com/lo go.png"],
    ["https://example.com/logo.png\t"],
    ["https://example.com/\njavascript:alert(1)"],
    ['https://example.com/logo.png" onerror="alert(1)'],
    ["https://example.com/<script>alert(1)</script>"],
    ["https://example.com/logo\\..\\x.png"],
    ["https://example.com/lögo.png"],
    ["https://example.com/\u202elogo.png"],
    ["https://"],
    ["https:///logo.png"],
  ])("refuse %j as not a valid URL", (url) => {
    expect(errorsOf({ favicon_url: url })).toEqual({ "branding.favicon_url": INVALID_URL("favicon url") });
  });

  it("refuse credentials in the URL", () => {
    for (const url of ["https://user:pass@example.com/logo.png", "https://user@example.com/logo.png", "https://example.com@evil.example/logo.png"]) {
      expect(errorsOf({ logo_url: url }), url).toEqual({ "branding.logo_url": ["The logo url field must not contain a user name or password."] });
    }
  });

  it("refuse more than 2,048 characters, and take exactly 2,048", () => {
    const prefix = "https://example.com/";
    expect(errorsOf({ logo_url: prefix + "a".repeat(2048 - prefix.length) })).toBeNull();
    expect(errorsOf({ logo_url: prefix + "a".repeat(2049 - prefix.length) })).toEqual({
      "branding.logo_url": ["The logo url field must not be greater than 2048 characters."],
    });
  });

  it("refuse what is not a string", () => {
    expect(errorsOf({ logo_url: 42, favicon_url: { href: "https://x.example" } })).toEqual({
      "branding.logo_url": ["The logo url field must be a string."],
      "branding.favicon_url": ["The favicon url field must be a string."],
    });
  });
});

describe("primary_color and secondary_color", () => {
  it("accept #rrggbb and #rgb in either case", () => {
    for (const color of ["#FF5733", "#33ff57", "#fff", "#ABC", "#000000"])
      expect(errorsOf({ primary_color: color, secondary_color: color }), color).toBeNull();
  });

  it.each([
    ["red;}body{background:url(//x)}"],
    ["#fff;}body{background:url(//x)}"],
    ["#fff}"],
    ["red"],
    ["#12345g"],
    ["#1234"],
    ["#12345"],
    ["#1234567"],
    ["#ffffff80"],
    ["ff5733"],
    [" #ff5733"],
    ["#ff5733 "],
    ["#ff5733\n"],
    ["rgb(255,0,0)"],
    ["var(--x)"],
    ["expression(alert(1))"],
    ["url(javascript:alert(1))"],
    [""],
  ])("refuse %j", (color) => {
    expect(errorsOf({ primary_color: color })).toEqual({
      "branding.primary_color": ["The primary color field must be a hex color such as #4f46e5 or #fff."],
    });
  });
});

describe("app_name, footer_text, support_email and hide_powered_by", () => {
  it("take an app name of 1 to 60 characters, trimmed", () => {
    expect(errorsOf({ app_name: "A" })).toBeNull();
    expect(errorsOf({ app_name: "x".repeat(60) })).toBeNull();
    expect(parseInput(UpdateBrandingInput, { branding: { app_name: "  My App  " } }).branding.app_name).toBe("My App");
    expect(errorsOf({ app_name: "x".repeat(61) })).toEqual({ "branding.app_name": ["The app name field must not be greater than 60 characters."] });
    expect(errorsOf({ app_name: "" })).toEqual({ "branding.app_name": ["The app name field is required."] });
    expect(errorsOf({ app_name: "   " })).toEqual({ "branding.app_name": ["The app name field is required."] });
    expect(errorsOf({ app_name: "My\u0000App" })).toEqual({ "branding.app_name": ["The app name field must not contain control characters."] });
  });

  it("store HTML in the footer verbatim (it is rendered as text), up to 200 characters", () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(1)</script>';
    expect(parseInput(UpdateBrandingInput, { branding: { footer_text: html } }).branding.footer_text).toBe(html);
    expect(errorsOf({ footer_text: "© 2024 My Company" })).toBeNull();
    expect(errorsOf({ footer_text: "x".repeat(200) })).toBeNull();
    expect(errorsOf({ footer_text: "x".repeat(201) })).toEqual({
      "branding.footer_text": ["The footer text field must not be greater than 200 characters."],
    });
  });

  it("take a valid support email only", () => {
    expect(errorsOf({ support_email: "support@example.com" })).toBeNull();
    for (const email of ["not-an-email", "javascript:alert(1)", "a@b", `${"a".repeat(250)}@example.com`]) {
      expect(errorsOf({ support_email: email }), email).not.toBeNull();
    }
    expect(errorsOf({ support_email: "support@example.com?subject=x" })).toEqual({
      "branding.support_email": ["The support email field must be a valid email address."],
    });
  });

  it("take true or false for hide_powered_by", () => {
    expect(errorsOf({ hide_powered_by: true })).toBeNull();
    expect(errorsOf({ hide_powered_by: "yes" })).toEqual({ "branding.hide_powered_by": ["The hide powered by field must be true or false."] });
  });
});

describe("the body as a whole", () => {
  it("takes the seed's example as is", () => {
    expect(errorsOf(SEED_BRANDING)).toBeNull();
  });

  it("takes null for every field (a reset) and an empty object (no change)", () => {
    expect(
      errorsOf({
        logo_url: null,
        favicon_url: null,
        primary_color: null,
        secondary_color: null,
        app_name: null,
        footer_text: null,
        support_email: null,
        hide_powered_by: null,
      }),
    ).toBeNull();
    expect(errorsOf({})).toBeNull();
  });

  it("reports every bad field at once, and refuses unknown fields", () => {
    expect(errorsOf({ logo_url: "javascript:alert(1)", primary_color: "red", logo: "https://x.example" })).toEqual({
      "branding.logo_url": MUST_BE_HTTPS("logo url"),
      "branding.primary_color": ["The primary color field must be a hex color such as #4f46e5 or #fff."],
      logo: ["The logo field is not allowed."],
    });
  });

  it("needs the branding object", () => {
    expect(() => parseInput(UpdateBrandingInput, { logo_url: "https://x.example/l.png" })).toThrow("The branding field is required.");
  });
});

describe("overrides", () => {
  it("a patch replaces the fields it sets, removes the nulls and keeps the rest", () => {
    const stored = { app_name: "Acme", primary_color: "#ff0000", hide_powered_by: true };
    expect(applyBrandingPatch(stored, { primary_color: null, logo_url: "https://acme.example/l.png" })).toEqual({
      app_name: "Acme",
      hide_powered_by: true,
      logo_url: "https://acme.example/l.png",
    });
  });

  it("merge over the levels below, and what is read back from storage is checked again", () => {
    const stored = {
      app_name: "Acme",
      primary_color: "red;}body{background:url(//x)}",
      logo_url: "javascript:alert(1)",
      secondary_color: "#123",
      junk: "x",
    };
    expect(sanitizeOverrides(stored)).toEqual({ app_name: "Acme", secondary_color: "#123" });
    expect(sanitizeOverrides(null)).toEqual({});
    expect(sanitizeOverrides([1, 2])).toEqual({});
    expect(mergeBranding(BUILT_IN_BRANDING, { app_name: "Platform" }, sanitizeOverrides(stored))).toEqual({
      ...BUILT_IN_BRANDING,
      app_name: "Acme",
      secondary_color: "#123",
    });
  });

  it("the editor's checks agree with the API's", () => {
    expect(isHttpsUrl("https://example.com/l.png")).toBe(true);
    expect(isHttpsUrl("java\tscript:alert(1)")).toBe(false);
    expect(isHttpsUrl("https://" + "a".repeat(2048))).toBe(false);
    expect(isHexColor("#abc")).toBe(true);
    expect(isHexColor("#abc;")).toBe(false);
  });
});
