// npm run audit:verify: walk the audit trail's hash chain on the configured database and report the
// first row that was altered, removed or inserted out of order. Exits 1 when the chain is broken.
// With the embedded database, stop the server first: PGlite is one process's database.
import { defaultOpenOptions } from "@/db";
import { migrateHandle, openDatabase } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";

const options = defaultOpenOptions();
const handle = await openDatabase(options);
try {
  // An older database gets the chain first: the migration links the rows written before it.
  await migrateHandle(handle, options);
  const report = await verifyAuditChain(handle.db);
  if (report.ok) console.log(`Audit trail intact: ${report.checked} rows, chain head at ${report.head_seq}.`);
  else console.error(`Audit trail BROKEN after ${report.checked} good rows: ${report.problem!.message} (${report.problem!.kind})`);
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await handle.close();
}
