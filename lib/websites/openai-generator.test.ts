// The OpenAI-compatible generator through the official client against a loopback server speaking the
// real protocol: a build with model-written text and a b64_json hero stored in the tenant's schema,
// the prompt carrying the organization's name and plugins, and the failures 101, 102 and 103.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { websites } from "@/db/schema";
import { siteAssets, sitePages } from "@/db/tenant-schema";
import { inTenantSchema } from "@/lib/tenants/tenant-schema";
import { installTestDatabase } from "@/lib/testing/database";
import { createOrganizationRow } from "@/lib/testing/factories";
import { type OpenAiStandIn, startOpenAiStandIn } from "@/lib/testing/openai-server";
import { HERO_ASSET, runWebsiteBuilds } from "./build";
import { sweepWebsites } from "./build-worker";
import type { SiteContent } from "./content";
import { openAiGenerator } from "./openai-generator";

let handle: DatabaseHandle;
let db: Db;
let standIn: OpenAiStandIn;

beforeAll(async () => {
  handle = await installTestDatabase();
  db = handle.db;
  standIn = await startOpenAiStandIn();
});
afterAll(async () => {
  await standIn?.close();
  await handle?.close();
});

const generator = () =>
  openAiGenerator({
    baseURL: standIn.baseURL,
    apiKey: "sk-test",
    textModel: "text-model-x",
    imageModel: "image-model-y",
    maxRetries: 1,
    timeoutMs: 10_000,
  });

const CONTENT: SiteContent = {
  headline: "Fresh bread every morning",
  tagline: "The harbor's bakery since 1982.",
  pages: [
    { slug: "", title: "Home", sections: [{ heading: "Fresh bread every morning", paragraphs: ["Sourdough, rye and pastries."] }] },
    { slug: "about", title: "About us", sections: [{ heading: "Our story", paragraphs: ["Three generations of bakers."] }] },
  ],
};
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function newTenant() {
  const org = await createOrganizationRow(db, { name: "Harbor Bakery", enabledPlugins: ["news"] });
  await sweepWebsites(db);
  return org;
}

const site = async (id: string) => (await db.select().from(websites).where(eq(websites.organizationId, id)))[0];

describe("the OpenAI-compatible generator", () => {
  it("builds the site from the model's structured answer and the image model's b64_json", async () => {
    standIn.replyWith({ content: JSON.stringify(CONTENT) });
    standIn.imageWith({ b64: PNG.toString("base64") });
    const org = await newTenant();
    await runWebsiteBuilds(db, org.id, "job-ai", generator());

    expect(await site(org.id)).toMatchObject({ buildingProgress: 100, generator: "openai" });
    const asked = standIn.chatRequests.at(-1)!;
    expect(asked.model).toBe("text-model-x");
    expect(JSON.stringify(asked.messages)).toContain("Harbor Bakery");
    expect(JSON.stringify(asked.messages)).toContain("News");
    expect(asked.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "site_content", strict: true } });
    expect(standIn.imageRequests.at(-1)).toMatchObject({ model: "image-model-y", response_format: "b64_json" });

    const [pages, hero] = await db.transaction(async (tx) =>
      inTenantSchema(tx as unknown as Db, org.id, async () => [
        await tx.select().from(sitePages).orderBy(sitePages.position),
        (await tx.select().from(siteAssets).where(eq(siteAssets.name, HERO_ASSET)))[0],
      ]),
    );
    expect((pages as { path: string; title: string }[]).map((p) => [p.path, p.title])).toEqual([
      ["/", "Home"],
      ["/about", "About us"],
    ]);
    expect((hero as { contentType: string; data: Buffer }).contentType).toBe("image/png");
    expect(Buffer.compare((hero as { data: Buffer }).data, PNG)).toBe(0);
  });

  it.each([
    [101, "an answer that is not JSON", { content: "Sure! Here is your website: ..." }],
    [101, "JSON of another shape", { content: JSON.stringify({ title: "No pages" }) }],
    [102, "content with nothing in it", { content: JSON.stringify({ headline: " ", tagline: "", pages: [] }) }],
    [102, "no content at all", { content: null }],
    [103, "an endpoint that keeps failing", { status: 500, error: "upstream overloaded" }],
  ] as const)("ends on %i for %s, in words an operator can act on", async (code, _what, reply) => {
    standIn.replyWith(reply);
    standIn.imageWith({ b64: PNG.toString("base64") });
    const org = await newTenant();
    const before = standIn.chatRequests.length;
    await runWebsiteBuilds(db, org.id, "job-fail", generator());
    const failed = await site(org.id);
    expect(failed.buildingProgress).toBe(code);
    expect(failed.errorMessage).toMatch(/rebuild/i);
    // The client's own retries (maxRetries 1 here) for a 500, one call otherwise.
    expect(standIn.chatRequests.length - before).toBe(code === 103 ? 2 : 1);
    if (code === 103) expect(failed.errorMessage).toContain("upstream overloaded");
  });
});
