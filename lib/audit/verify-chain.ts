// Walks the audit trail's hash chain, in chain order and in pages (the trail may hold millions of
// rows), and reports the first row that does not fit: altered (its hash is not that of its content),
// removed (a gap in the sequence, or a head beyond the last row), or slipped in (a row outside the
// chain, or one that does not link to its predecessor).
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";

const PAGE = 5000;
const GENESIS = "0".repeat(64);

type ChainProblem = "altered" | "removed" | "out_of_order" | "unchained";

export interface ChainReport {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** The chain's length as its head records it. */
  head_seq: number;
  problem: null | { kind: ChainProblem; id: number | null; chain_seq: number | null; message: string };
}

interface LinkRow {
  id: string | number;
  chain_seq: string | number;
  prev_hash: string;
  hash: string;
  expected: string;
}

async function headOf(db: Db): Promise<{ seq: number; hash: string }> {
  const [head] = rowsOf<{ seq: string | number; hash: string }>(await db.execute(sql`select seq, hash from audit_chain_head where id = 1`));
  return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS };
}

export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const head = await headOf(db);
  const [unchained] = rowsOf<{ id: string | number }>(await db.execute(sql`select id from audit_logs where chain_seq is null order by id limit 1`));
  const fail = (checked: number, kind: ChainProblem, id: number | null, seq: number | null, message: string): ChainReport => ({
    ok: false,
    checked,
    head_seq: head.seq,
    problem: { kind, id, chain_seq: seq, message },
  });
  if (unchained)
    return fail(0, "unchained", Number(unchained.id), null, `Row ${unchained.id} is not part of the chain: it was inserted around the trigger.`);

  let checked = 0;
  let previous = { seq: 0, hash: GENESIS };
  for (;;) {
    const rows = rowsOf<LinkRow>(
      await db.execute(sql`
        select id, chain_seq, prev_hash, hash, audit_log_hash(prev_hash, a) as expected
        from audit_logs a where chain_seq > ${previous.seq} order by chain_seq limit ${PAGE}`),
    );
    for (const row of rows) {
      const seq = Number(row.chain_seq);
      const id = Number(row.id);
      if (seq !== previous.seq + 1)
        return fail(checked, "removed", id, seq, `Rows ${previous.seq + 1} to ${seq - 1} of the chain are missing before row ${id}.`);
      if (row.prev_hash !== previous.hash)
        return fail(checked, "out_of_order", id, seq, `Row ${id} does not link to the row before it in the chain.`);
      if (row.expected !== row.hash)
        return fail(checked, "altered", id, seq, `Row ${id} was altered after it was written: its content no longer matches its hash.`);
      previous = { seq, hash: row.hash };
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  if (previous.seq !== head.seq || previous.hash !== head.hash)
    return fail(
      checked,
      "removed",
      null,
      previous.seq + 1,
      `The chain ends at row ${previous.seq} but its head says ${head.seq}: the last rows were removed.`,
    );
  return { ok: true, checked, head_seq: head.seq, problem: null };
}
