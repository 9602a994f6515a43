import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./agencies";
import { organizations } from "./organizations";

const ledgerKinds = ["grant", "transfer", "consumption", "adjustment"] as const;

/**
 * The credit ledger: append-only (a trigger refuses UPDATE and DELETE). An account's balance is the
 * sum of its entries, cached on the account row and changed in the same transaction, under its lock.
 */
export const creditLedgerEntries = pgTable(
  "credit_ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    agencyId: integer("agency_id").references(() => agencies.id, { onDelete: "restrict" }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "restrict" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    kind: text("kind", { enum: ledgerKinds }).notNull(),
    reason: text("reason"),
    actorUserId: integer("actor_user_id"),
    /** The partner group's discount when an agency was granted credits. */
    discountPercent: numeric("discount_percent", { precision: 5, scale: 2 }),
    /** Both entries of one transfer carry the same id. */
    transferId: uuid("transfer_id"),
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("credit_ledger_one_account", sql`(${t.agencyId} is null) <> (${t.organizationId} is null)`),
    check("credit_ledger_balance_not_negative", sql`${t.balanceAfter} >= 0`),
    index("credit_ledger_agency_idx").on(t.agencyId, t.id),
    index("credit_ledger_org_idx").on(t.organizationId, t.id),
    uniqueIndex("credit_ledger_org_idempotency_key")
      .on(t.organizationId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

export type CreditLedgerEntry = typeof creditLedgerEntries.$inferSelect;
