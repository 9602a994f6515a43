// npm run migrate: apply the committed migrations to the configured database (and seed the superadmin).
import { prepareDatabase } from "./prepare-database";

const seed = await prepareDatabase();
console.log(seed.created ? `Migrated; created superadmin ${seed.email}.` : "Migrated; the database is up to date.");
if (seed.generatedPassword) console.log(`Superadmin password (shown once): ${seed.generatedPassword}`);
