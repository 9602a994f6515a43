// What a generator's page slugs become (a path of the site, or nothing), and what counts as empty content.
import { describe, expect, it } from "vitest";
import { isEmptyContent, pagePath } from "./content";
import { stepName, processStatus } from "./steps";

describe("pagePath", () => {
  it("makes the home page and one-segment paths of lowercase words", () => {
    expect(pagePath("")).toBe("/");
    expect(pagePath("/About-Us/")).toBe("/about-us");
  });

  it("refuses what no site page can be: other characters, nested paths, and the console's own addresses", () => {
    for (const slug of ["about us", "a/b", "über", "-x", "settings", "admin", "login", "organizations", "api"])
      expect(pagePath(slug), slug).toBeNull();
  });
});

describe("isEmptyContent", () => {
  const page = { slug: "", title: "Home", sections: [{ heading: "Hi", paragraphs: ["Text"] }] };
  it("is false for a headline and one page with text", () => {
    expect(isEmptyContent({ headline: "Welcome", tagline: "", pages: [page] })).toBe(false);
  });

  it("is true without a headline, without pages, or when no page has a usable path and text", () => {
    expect(isEmptyContent({ headline: " ", tagline: "", pages: [page] })).toBe(true);
    expect(isEmptyContent({ headline: "Welcome", tagline: "", pages: [] })).toBe(true);
    expect(isEmptyContent({ headline: "Welcome", tagline: "", pages: [{ ...page, slug: "settings" }] })).toBe(true);
    expect(isEmptyContent({ headline: "Welcome", tagline: "", pages: [{ ...page, sections: [{ heading: "", paragraphs: [" "] }] }] })).toBe(true);
  });
});

describe("the build's steps in words", () => {
  it("names each seed 000 step and failure, and derives the process status", () => {
    expect([0, 5, 45, 60, 100, 101, 102, 103].map(stepName)).toEqual([
      "Queued",
      "Started",
      "Text requested",
      "Content synced",
      "Completed",
      "Failed: the answer did not parse",
      "Failed: empty content",
      "Failed: the build stopped",
    ]);
    expect([0, 60, 100, 103].map(processStatus)).toEqual(["pending", "pending", "completed", "failed"]);
  });
});
