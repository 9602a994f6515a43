// The mail layout's guarantees, whatever a branding or a caller hands it.
import { describe, expect, it } from "vitest";
import { BUILT_IN_BRANDING } from "@/lib/branding/schemas";
import { escapeHtml, renderMail } from "./layout";

const message = { subject: "Hello", greeting: "Hi,", paragraphs: ["Body"] };

describe("renderMail", () => {
  it("escapes the five HTML characters", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("keeps a subject on one header line", () => {
    expect(renderMail(BUILT_IN_BRANDING, { ...message, subject: "Hello\r\nBcc: victim@example.test" }).subject).toBe(
      "Hello Bcc: victim@example.test",
    );
  });

  it("makes no button of a link that is not http(s)", () => {
    const mail = renderMail(BUILT_IN_BRANDING, { ...message, action: { label: "Open", url: "javascript:alert(1)" } });
    expect(mail.html).not.toContain("javascript:");
    expect(mail.text).not.toContain("javascript:");
  });

  it("falls back to the built-in color and shows no logo when the branding's values are not acceptable", () => {
    const mail = renderMail(
      { ...BUILT_IN_BRANDING, primary_color: "red;background:url(x)", logo_url: "http://insecure.example.test/logo.png" },
      message,
    );
    expect(mail.html).toContain(`background:${BUILT_IN_BRANDING.primary_color}`);
    expect(mail.html).not.toContain("url(x)");
    expect(mail.html).not.toContain("<img");
  });
});
