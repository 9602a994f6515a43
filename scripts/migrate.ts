// npm run migrate: apply the committed migrations to the configured database (and seed the superadmin),
// then bring every tenant schema to the latest tenant migration.
import { defaultOpenOptions } from "@/db";
import { openDatabase } from "@/db/client";
import { migrateTenantSchemas } from "@/lib/tenants/tenant-schema";
import { prepareDatabase } from "./prepare-database";

const seed = await prepareDatabase();
// Then every tenant's own schema, one per transaction (the server does the same in the background).
const handle = await openDatabase(defaultOpenOptions());
try {
  const upgraded = await migrateTenantSchemas(handle.db);
  console.log(upgraded ? `Upgraded ${upgraded} tenant schemas.` : "Tenant schemas are up to date.");
} finally {
  await handle.close();
}
console.log(seed.created ? `Migrated; created superadmin ${seed.email}.` : "Migrated; the database is up to date.");
if (seed.generatedPassword) console.log(`Superadmin password (shown once): ${seed.generatedPassword}`);
