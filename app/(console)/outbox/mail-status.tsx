import type { MailStatus } from "@/db/schema";

const STYLES: Record<MailStatus, string> = {
  queued: "bg-sky-50 text-sky-700 ring-sky-600/20",
  retrying: "bg-amber-50 text-amber-800 ring-amber-600/20",
  sent: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
  kept: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

/** `kept` reads "in outbox": without SMTP the mail stays here, which is not a failure. */
export function MailStatusBadge({ status }: { status: MailStatus }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`} data-testid="mail-status">
      {status === "kept" ? "in outbox" : status}
    </span>
  );
}
