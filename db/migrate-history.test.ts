// A database migrated before 81da9b2 folded audit_scope_counts into migration 0019 recorded 0019's first
// version (db/fixtures). The migrator then runs today's 0019 again on it: that must succeed, leave one
// trigger counting each audit row once, and fill the rollup the first version lacked.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, migrateHandle, openDatabase, rowsOf } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemContext } from "@/lib/context";

const MIGRATIONS = path.join(__dirname, "migrations");
const FIRST_0019 = { tag: "0019_audit_daily_rollups", when: 1795449590446 };

type Journal = { entries: { idx: number; tag: string; when: number }[] };

/** The migrations folder as it was when 0019 was first committed: 0000-0018 and that 0019. */
function migrationsBeforeTheFold(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-migrations-"));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as Journal;
  journal.entries = journal.entries.filter((e) => e.idx < 19);
  journal.entries.push({ ...journal.entries[18], idx: 19, ...FIRST_0019 });
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  cpSync(path.join(__dirname, "fixtures", `${FIRST_0019.tag}.sql`), path.join(dir, `${FIRST_0019.tag}.sql`));
  return dir;
}

let handle: DatabaseHandle;
let oldFolder: string;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory://" });
  oldFolder = migrationsBeforeTheFold();
});

afterAll(async () => {
  await handle?.close();
  rmSync(oldFolder, { recursive: true, force: true });
});

const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(query))[0];

describe("a database migrated with 0019's first version", () => {
  it("migrates to today's schema, and counts each audit row once in every rollup", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(handle.db as any, { migrationsFolder: oldFolder });
    const audit = (action: string) => recordAudit(systemContext(handle.db), { action, actorType: "system" });
    await audit("history.before");
    expect(await one(sql`select count(*)::int as n from information_schema.tables where table_name = 'audit_scope_counts'`)).toEqual({ n: 0 });

    await migrateHandle(handle, {});

    await audit("history.after");
    const triggers = await handle.db.execute(
      sql`select tgname from pg_trigger where tgrelid = 'audit_logs'::regclass and tgname like 'audit_logs_count%'`,
    );
    expect(rowsOf<{ tgname: string }>(triggers).map((t) => t.tgname)).toEqual(["audit_logs_count"]);
    const trail = await one<{ n: number }>(sql`select count(*)::int as n from audit_logs`);
    expect(trail.n).toBe(2);
    expect(await one(sql`select sum(count)::int as n from audit_daily_actions`)).toEqual(trail);
    expect(await one(sql`select sum(count)::int as n from audit_daily_actors`)).toEqual(trail);
    expect(await one(sql`select sum(count)::int as n from audit_scope_counts`)).toEqual(trail);
  });
});
