// Migrates the configured database and makes sure a superadmin exists. Run before the server opens it.
import { defaultOpenOptions } from "@/db";
import { migrateHandle, openDatabase } from "@/db/client";
import { config } from "@/lib/config";
import { systemContext } from "@/lib/context";
import { ensureFirstSuperadmin, type FirstSuperadmin } from "@/lib/users/first-superadmin";

export async function prepareDatabase(): Promise<FirstSuperadmin> {
  const options = defaultOpenOptions();
  const handle = await openDatabase(options);
  try {
    await migrateHandle(handle, options);
    const { SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD } = config();
    return await ensureFirstSuperadmin(systemContext(handle.db, "start-up"), { email: SUPERADMIN_EMAIL, password: SUPERADMIN_PASSWORD });
  } finally {
    await handle.close();
  }
}
