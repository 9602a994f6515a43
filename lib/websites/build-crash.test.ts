// A website build through a crash (PostgreSQL): the process running the build job is killed with SIGKILL
// while the text model is answering; a new process takes the abandoned build over once its lease runs out
// and completes it, asking again only for what was not done: one hero image generated, one set of pages,
// one audit row. The processes run the server's own background jobs (lib/jobs/background.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditLogs, websites } from "@/db/schema";
import { sitePages } from "@/db/tenant-schema";
import { createOrganization } from "@/lib/organizations/organizations";
import { inTenantSchema } from "@/lib/tenants/tenant-schema";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { superadminContext, unique } from "@/lib/testing/factories";
import { type OpenAiStandIn, startOpenAiStandIn } from "@/lib/testing/openai-server";
import type { SiteContent } from "./content";

let handle: (DatabaseHandle & { url?: string }) | undefined;
let standIn: OpenAiStandIn | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!usingPostgres()) return;
  handle = await createTestDatabase();
  standIn = await startOpenAiStandIn();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await standIn?.close();
  await handle?.close();
});

function startJobsProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/background-jobs-process.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: handle!.url,
      OPENAI_BASE_URL: standIn!.baseURL,
      OPENAI_API_KEY: "sk-test",
      WEBSITE_BUILD_LEASE_SECONDS: "1",
      LOG_LEVEL: "error",
    },
  });
  children.push(child);
  return child;
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));

const CONTENT: SiteContent = {
  headline: "Back after the crash",
  tagline: "Built once.",
  pages: [
    { slug: "", title: "Home", sections: [{ heading: "Back after the crash", paragraphs: ["Hello."] }] },
    { slug: "about", title: "About", sections: [{ heading: "Us", paragraphs: ["Still here."] }] },
  ],
};

describe.runIf(usingPostgres())("a website build through a SIGKILL (PostgreSQL)", () => {
  it("is taken over by a new process after the kill and completes without doing anything twice", async () => {
    const db = handle!.db;
    // The text model's first answer never comes: the process is killed while waiting for it.
    standIn!.replyWith({ hold: new Promise(() => {}), content: "{}" }, { content: JSON.stringify(CONTENT) });
    standIn!.imageWith({ b64: Buffer.from("png bytes").toString("base64") });
    const org = await createOrganization(await superadminContext(db), { name: "Crash Bakery", slug: unique("crash") });
    const progress = async () => (await db.select().from(websites).where(eq(websites.organizationId, org.id)))[0]?.buildingProgress;

    const first = startJobsProcess();
    await vi.waitFor(async () => expect(standIn!.chatRequests).toHaveLength(1), { timeout: 60_000, interval: 100 });
    expect(await progress()).toBe(40);
    first.kill("SIGKILL");
    await killed(first);

    const second = startJobsProcess();
    await vi.waitFor(async () => expect(await progress()).toBe(100), { timeout: 60_000, interval: 200 });
    second.kill("SIGTERM");
    await killed(second);

    expect(standIn!.imageRequests).toHaveLength(1);
    expect(standIn!.chatRequests).toHaveLength(2);
    const pages = await db.transaction(async (tx) => inTenantSchema(tx as unknown as Db, org.id, () => tx.select().from(sitePages)));
    expect(pages.map((p) => p.path).sort()).toEqual(["/", "/about"]);
    const built = await db
      .select()
      .from(auditLogs)
      .where(sql`${auditLogs.targetId} = ${org.id} and ${auditLogs.action} = 'website.built'`);
    expect(built).toHaveLength(1);
  });
});
