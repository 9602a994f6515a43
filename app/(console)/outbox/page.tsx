import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, StatusBadge, formatDateTime, inputClass, statusLabel } from "@/components/ui";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { config } from "@/lib/config";
import { ListOutboxQuery, MailStatus, listOutbox } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const raw = await searchParams;
  const query = listQueryFromUrl(
    ListOutboxQuery,
    { limit: 25, offset: raw.offset, status: raw.status || undefined, to: raw.to || undefined },
    { limit: 25 },
  );
  const page = await listOutbox(ctx, query);
  const smtp = Boolean(config().SMTP_URL);
  const filtered = Boolean(query.status || query.to);
  return (
    <>
      <PageHeader
        title="Outbox"
        description={
          smtp
            ? "Every mail the platform sent or is sending, with its delivery status."
            : "SMTP_URL is not set, so mails are not sent: they are kept here, where you can read them."
        }
      />
      <Card>
        <form className="flex flex-wrap gap-3 border-b border-slate-200 p-4" role="search">
          <label className="sr-only" htmlFor="outbox-to">
            Recipient
          </label>
          <input id="outbox-to" name="to" type="email" defaultValue={query.to} placeholder="Recipient email" className={`${inputClass} max-w-xs`} />
          <label className="sr-only" htmlFor="outbox-status">
            Status
          </label>
          <select id="outbox-status" name="status" defaultValue={query.status ?? ""} className={`${inputClass} max-w-40`}>
            <option value="">Any status</option>
            {MailStatus.options.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Filter
          </button>
          {filtered && (
            <Link href="/outbox" className="self-center text-sm text-brand hover:underline">
              Clear
            </Link>
          )}
        </form>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No mail matches these filters." : "No mail yet."} />
        ) : (
          <DataTable columns={["Recipient", "Subject", "Status", { label: "Attempts", align: "right" }, "Created", "Sent"]}>
            {page.data.map((m) => (
              <tr key={m.id} data-testid="outbox-row">
                <td className="px-4 py-3">{m.toEmail}</td>
                <td className="px-4 py-3">
                  <Link href={`/outbox/${m.id}`} className="font-medium text-brand hover:underline">
                    {m.subject}
                  </Link>
                  <span className="block text-xs text-slate-500">{m.kind.replace(/_/g, " ")}</span>
                </td>
                <td className="px-4 py-3">
                  <StatusBadge status={m.status} data-testid="mail-status" />
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{m.attempts}</td>
                <td className="px-4 py-3 text-slate-600">{formatDateTime(m.createdAt)}</td>
                <td className="px-4 py-3 text-slate-600">{m.sentAt ? formatDateTime(m.sentAt) : "—"}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination basePath="/outbox" params={{ status: query.status, to: query.to }} total={page.total} limit={page.limit} offset={page.offset} />
      </Card>
    </>
  );
}
