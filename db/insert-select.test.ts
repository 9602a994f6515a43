import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { organizations, platformSettings } from "@/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { unique } from "@/lib/testing/factories";
import { insertSelect } from "./insert-select";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

async function withSlug(slug: string) {
  return handle.db.select().from(organizations).where(eq(organizations.slug, slug));
}

describe("insertSelect", () => {
  it("writes the given columns once per source row, values encoded by their columns, the rest defaulted", async () => {
    const slug = unique("insert-select");
    await handle.db.execute(
      insertSelect(
        organizations,
        { name: "From settings", slug, enabledPlugins: ["blog", "shop"], pluginSettings: { epaper_frequency: "weekly" }, maxUsers: sql`${platformSettings.defaultMaxUsers} + 1` },
        sql`${platformSettings} where ${platformSettings.id} = 1`,
      ),
    );
    const [settings] = await handle.db.select().from(platformSettings);
    const rows = await withSlug(slug);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "From settings", enabledPlugins: ["blog", "shop"], pluginSettings: { epaper_frequency: "weekly" }, maxUsers: settings.defaultMaxUsers + 1 });
    expect(rows[0]).toMatchObject({ status: "active", creditBalance: 0, agencyId: null });
  });

  it("writes nothing when the source has no rows", async () => {
    const slug = unique("insert-select-none");
    await handle.db.execute(insertSelect(organizations, { name: "Never", slug }, sql`${platformSettings} where false`));
    expect(await withSlug(slug)).toEqual([]);
  });

  it("refuses a key that is not a column", () => {
    expect(() => insertSelect(organizations, { nmae: "typo" } as never, sql`${platformSettings}`)).toThrow("nmae is not a column");
  });
});
