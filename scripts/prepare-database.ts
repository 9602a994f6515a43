// Migrates the configured database and makes sure a superadmin exists. Run before the server opens it.
import { ensureSuperadmin, type SuperadminSeed } from "@/db/seed";
import { defaultOpenOptions } from "@/db";
import { migrateHandle, openDatabase } from "@/db/client";
import { config } from "@/lib/config";

export async function prepareDatabase(): Promise<SuperadminSeed> {
  const options = defaultOpenOptions();
  const handle = await openDatabase(options);
  try {
    await migrateHandle(handle, options);
    const { SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD } = config();
    return await ensureSuperadmin(handle.db, { email: SUPERADMIN_EMAIL, password: SUPERADMIN_PASSWORD });
  } finally {
    await handle.close();
  }
}
