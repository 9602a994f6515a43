// Each tenant's own PostgreSQL schema (tenant_<id>): its name, creating and upgrading it from the
// versioned tenant migrations in db/tenant-migrations, running queries inside it, and dropping it.
// Every upgrade is one schema in one transaction under an advisory lock, so any number of instances may
// upgrade at once; a schema's version is recorded in public.tenant_schemas.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { eq, lt, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { tenantSchemas } from "@/db/schema";
import { log } from "@/lib/log";

const MIGRATIONS_DIR = path.join(process.cwd(), "db", "tenant-migrations");
// The advisory lock class of tenant schema upgrades (the second key is the schema's hash).
const TENANT_MIGRATION_LOCK = 7_230_015;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface TenantMigration {
  version: number;
  file: string;
  statements: string[];
}

let migrations: TenantMigration[] | undefined;

/** The tenant migrations, in order: NNNN_name.sql, statements split as drizzle-kit splits them. */
export function tenantMigrations(): TenantMigration[] {
  migrations ??= readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      file,
      statements: readFileSync(path.join(MIGRATIONS_DIR, file), "utf8")
        .split("--> statement-breakpoint")
        .map((statement) => statement.trim())
        .filter(Boolean),
    }));
  return migrations;
}

export function latestTenantVersion(): number {
  return tenantMigrations().at(-1)?.version ?? 0;
}

/** tenant_ and the id without its hyphens: a plain identifier, derived from the id alone. */
export function tenantSchemaName(organizationId: string): string {
  if (!UUID.test(organizationId)) throw new Error(`not an organization id: ${organizationId}`);
  return `tenant_${organizationId.replace(/-/g, "")}`;
}

/**
 * Runs fn inside the caller's transaction with the tenant's schema first on the search_path (public
 * after it, for the control plane's own tables). SET LOCAL, and put back afterwards: a session-wide
 * search_path would leak into every other request (PGlite has one session for all of them).
 */
export async function inTenantSchema<T>(tx: Db, organizationId: string, fn: () => Promise<T>): Promise<T> {
  const schema = tenantSchemaName(organizationId);
  const [{ previous }] = rowsOf<{ previous: string }>(await tx.execute(sql`select current_setting('search_path') as previous`));
  await tx.execute(sql`select set_config('search_path', ${`${schema}, public`}, true)`);
  try {
    return await fn();
  } finally {
    // After an SQL error the transaction is aborted and this fails too: the abort is what the caller sees.
    await tx.execute(sql`select set_config('search_path', ${previous}, true)`).catch(() => {});
  }
}

/**
 * Creates the tenant's schema when it does not exist and brings it to the latest tenant migration, in
 * one transaction under the schema's advisory lock. Returns the version it was at before.
 */
export async function migrateTenantSchema(db: Db, organizationId: string): Promise<number> {
  const schema = tenantSchemaName(organizationId);
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${TENANT_MIGRATION_LOCK}, hashtext(${schema}))`);
    const [registered] = await tx.select().from(tenantSchemas).where(eq(tenantSchemas.organizationId, organizationId));
    const from = registered?.version ?? 0;
    const pending = tenantMigrations().filter((m) => m.version > from);
    if (registered && pending.length === 0) return from;
    await tx.execute(sql`create schema if not exists ${sql.identifier(schema)}`);
    await inTenantSchema(tx, organizationId, async () => {
      for (const migration of pending) for (const statement of migration.statements) await tx.execute(sql.raw(statement));
    });
    const version = pending.at(-1)?.version ?? from;
    await tx
      .insert(tenantSchemas)
      .values({ organizationId, schemaName: schema, version })
      .onConflictDoUpdate({ target: tenantSchemas.organizationId, set: { version, migratedAt: new Date() } });
    return from;
  });
}

/**
 * Brings every tenant schema behind the latest tenant migration up to it, one schema per transaction,
 * so a failure stops at one tenant and the app keeps serving the others meanwhile. Returns how many
 * were upgraded.
 */
export async function migrateTenantSchemas(db: Db): Promise<number> {
  const latest = latestTenantVersion();
  const behind = await db.select({ id: tenantSchemas.organizationId }).from(tenantSchemas).where(lt(tenantSchemas.version, latest));
  for (const [index, { id }] of behind.entries()) {
    await migrateTenantSchema(db, id);
    if ((index + 1) % 1000 === 0) log.info("tenant schemas upgraded", { done: index + 1, of: behind.length });
  }
  return behind.length;
}

/** Drops exactly the tenant's own data: its schema, and its entry in the registry. */
export async function dropTenantSchema(db: Db, organizationId: string): Promise<void> {
  const schema = tenantSchemaName(organizationId);
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(${TENANT_MIGRATION_LOCK}, hashtext(${schema}))`);
    await tx.execute(sql`drop schema if exists ${sql.identifier(schema)} cascade`);
    await tx.delete(tenantSchemas).where(eq(tenantSchemas.organizationId, organizationId));
  });
}
