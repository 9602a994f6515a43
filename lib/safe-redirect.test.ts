import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirectPath("/organizations?q=acme#top")).toBe("/organizations?q=acme#top");
    expect(safeRedirectPath("/")).toBe("/");
  });

  it("refuses anything a browser would send to another site", () => {
    for (const hostile of [
      "//evil.example/x",
      "/\\evil.example/x",
      "/\\/evil.example/x",
      "/\t/evil.example/x",
      "/\n/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
    ]) {
      expect(safeRedirectPath(hostile), JSON.stringify(hostile)).toBe("/");
    }
  });

  it("falls back to the home page without a target", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath("")).toBe("/");
  });
});
