import type { Metadata } from "next";
import Link from "next/link";
import { BackLink, Card, PageHeader, StatusBadge, formatDateTime, type Fact, FactList } from "@/components/ui";
import { orNotFound, parsedOrNotFound, requireSuperadminPage } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { mailFrom } from "@/lib/config";
import { getOutboxMail } from "@/lib/mail/outbox";
import { SerialId } from "@/lib/validation";

export const metadata: Metadata = { title: "Mail" };
export const dynamic = "force-dynamic";

export default async function OutboxMailPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const mail = await orNotFound(getOutboxMail(ctx, { id: parsedOrNotFound(SerialId, (await params).id) }));
  const facts: Fact[] = [
    ["To", mail.toEmail],
    ["From", `${mail.fromName ?? "Control Plane"} <${mailFrom()}>`],
    ["Reply-To", mail.replyTo ?? "—"],
    ["Kind", mail.kind.replace(/_/g, " ")],
    ["Status", <StatusBadge key="s" status={mail.status} data-testid="mail-status" />],
    ["Attempts", mail.attempts],
    [
      "Last error",
      mail.lastError ? (
        <span key="e" className="break-words font-mono text-xs text-red-700">
          {mail.lastError}
        </span>
      ) : (
        "—"
      ),
    ],
    ["Created", formatDateTime(mail.createdAt)],
    ["Last attempt", mail.lastAttemptAt ? formatDateTime(mail.lastAttemptAt) : "—"],
    ["Sent", mail.sentAt ? formatDateTime(mail.sentAt) : "—"],
    [
      "Branding",
      mail.agencyId ? (
        <Link key="a" href={`/agencies/${mail.agencyId}`} className="text-brand hover:underline">{`Agency #${mail.agencyId}`}</Link>
      ) : (
        "Platform"
      ),
    ],
  ];
  return (
    <>
      <BackLink href="/outbox">Outbox</BackLink>
      <PageHeader title={mail.subject} description={`Mail #${mail.id}`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-6">
          <FactList facts={facts} layout="rows" />
        </Card>
        <div className="grid gap-6 lg:col-span-2">
          <Card className="p-6">
            <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">HTML</h2>
            {/* The mail's HTML never runs in the console: a sandboxed frame without scripts, forms or our origin. */}
            <iframe
              title="HTML version"
              data-testid="mail-html"
              sandbox=""
              referrerPolicy="no-referrer"
              srcDoc={mail.htmlBody}
              className="h-[560px] w-full rounded border border-slate-200 bg-white"
            />
          </Card>
          <Card className="p-6">
            <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Plain text</h2>
            <pre data-testid="mail-text" className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-4 text-sm">
              {mail.textBody}
            </pre>
          </Card>
        </div>
      </div>
    </>
  );
}
