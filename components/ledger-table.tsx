import { Pagination } from "./pagination";
import { Card, EmptyState, formatDateTime } from "./ui";

interface LedgerRow {
  id: number;
  amount: number;
  balance_after: number;
  kind: string;
  reason: string | null;
  discount_percent: number | null;
  created_at: string;
}

/** The URL param a page pages its ledger with (the page may page another list under `offset`). */
export const LEDGER_OFFSET_PARAM = "ledger_offset";

/**
 * A credit ledger, newest first, with the balance after each entry. With `paging`, older entries are a
 * page away; without, it is a preview of the latest (the usage page's).
 */
export function LedgerTable({
  rows,
  total,
  paging,
}: {
  rows: LedgerRow[];
  total: number;
  paging?: { basePath: string; limit: number; offset: number };
}) {
  return (
    <Card>
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Credit ledger</h2>
        <span className="text-xs text-slate-500">
          {total.toLocaleString("en-US")} entries{!paging && total > rows.length ? `, latest ${rows.length} shown` : ""}
        </span>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No credit movements yet." />
      ) : (
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">
                When
              </th>
              <th scope="col" className="px-4 py-2">
                Kind
              </th>
              <th scope="col" className="px-4 py-2">
                Reason
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                Amount
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                Balance after
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((e) => (
              <tr key={e.id}>
                <td className="px-4 py-2 text-slate-600">{formatDateTime(e.created_at)}</td>
                <td className="px-4 py-2">
                  {e.kind}
                  {e.discount_percent ? (
                    <>
                      {" "}
                      <span className="text-xs text-slate-500">({e.discount_percent}% discount)</span>
                    </>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-slate-600">{e.reason ?? "—"}</td>
                <td className={`px-4 py-2 text-right tabular-nums ${e.amount < 0 ? "text-red-700" : "text-emerald-700"}`}>
                  {e.amount > 0 ? "+" : ""}
                  {e.amount.toLocaleString("en-US")}
                </td>
                <td className="px-4 py-2 text-right tabular-nums font-medium" data-testid="balance-after">
                  {e.balance_after.toLocaleString("en-US")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paging && total > paging.limit && (
        <Pagination
          basePath={paging.basePath}
          params={{}}
          total={total}
          limit={paging.limit}
          offset={paging.offset}
          offsetParam={LEDGER_OFFSET_PARAM}
        />
      )}
    </Card>
  );
}
