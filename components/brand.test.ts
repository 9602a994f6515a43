// The brand's pieces as the server renders them: footer HTML shown as text, colors only as validated
// CSS variables, and a logo only from an https URL.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BUILT_IN_BRANDING } from "@/lib/branding/schemas";
import { BrandFooter, BrandMark, brandStyle, initialsOf } from "./brand";

describe("BrandFooter", () => {
  it("renders HTML in the footer text as text, never as markup", () => {
    const html = renderToStaticMarkup(
      createElement(BrandFooter, {
        branding: { footer_text: '<img src=x onerror="alert(1)"><script>alert(1)</script>', support_email: null, hide_powered_by: true },
      }),
    );
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("links the support email and says Powered by unless hidden", () => {
    const shown = renderToStaticMarkup(
      createElement(BrandFooter, { branding: { footer_text: "© 2024 My Company", support_email: "support@example.com", hide_powered_by: false } }),
    );
    expect(shown).toContain('href="mailto:support@example.com"');
    expect(shown).toContain("Powered by Control Plane");
    const hidden = renderToStaticMarkup(createElement(BrandFooter, { branding: { footer_text: null, support_email: null, hide_powered_by: true } }));
    expect(hidden).toBe("");
  });
});

describe("brandStyle", () => {
  it("sets the two color variables from valid hex colors only", () => {
    expect(brandStyle({ primary_color: "#ff5733", secondary_color: "#abc" })).toEqual({ "--brand-primary": "#ff5733", "--brand-secondary": "#abc" });
    expect(brandStyle({ primary_color: "red;}body{background:url(//x)}", secondary_color: "#12345g" })).toEqual({});
    const html = renderToStaticMarkup(createElement("div", { style: brandStyle({ primary_color: "#ff5733", secondary_color: "#0f172a" }) }));
    expect(html).toBe('<div style="--brand-primary:#ff5733;--brand-secondary:#0f172a"></div>');
  });
});

describe("BrandMark", () => {
  it("shows the logo from an https URL, and the initials otherwise", () => {
    expect(renderToStaticMarkup(createElement(BrandMark, { branding: { logo_url: "https://acme.example/logo.png", app_name: "Acme" } }))).toContain(
      'src="https://acme.example/logo.png"',
    );
    const refused = renderToStaticMarkup(createElement(BrandMark, { branding: { logo_url: "javascript:alert(1)", app_name: "My App" } }));
    expect(refused).not.toContain("<img");
    expect(refused).toContain(">MA<");
    expect(initialsOf(BUILT_IN_BRANDING.app_name)).toBe("CP");
    expect(initialsOf("Acme")).toBe("AC");
  });
});
