import type { Metadata } from "next";
import Link from "next/link";
import { LockedOut } from "@/components/locked-out";
import { BackLink, Card, PageHeader, formatDateTime, type Fact, FactList } from "@/components/ui";
import { getAuditLog } from "@/lib/audit/audit-logs";
import { orNotFound, parsedOrNotFound } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { ForbiddenError } from "@/lib/errors";
import { SerialId } from "@/lib/validation";
import { targetHref } from "../targets";

export const metadata: Metadata = { title: "Audit event" };
export const dynamic = "force-dynamic";

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  const id = parsedOrNotFound(SerialId, (await params).id);
  let row;
  try {
    row = await orNotFound(getAuditLog(ctx, { id }));
  } catch (err) {
    if (err instanceof ForbiddenError) return <LockedOut title="Audit log" message={err.message} />;
    throw err;
  }
  const target = targetHref(row.targetType, row.targetId);
  const facts: Fact[] = [
    ["When", formatDateTime(row.occurredAt)],
    [
      "Actor",
      row.actorUserId
        ? `${row.actorLabel ?? "User"} (user #${row.actorUserId}${row.actorTokenId ? `, API token #${row.actorTokenId}` : ""})`
        : (row.actorLabel ?? row.actorType),
    ],
    ["Impersonated by", row.impersonatorUserId ? `user #${row.impersonatorUserId}` : "—"],
    [
      "Target",
      row.targetType ? (
        target ? (
          <Link key="t" href={target} className="text-brand hover:underline">{`${row.targetType.replace(/_/g, " ")} ${row.targetId ?? ""}`}</Link>
        ) : (
          `${row.targetType} ${row.targetId ?? ""}`
        )
      ) : (
        "—"
      ),
    ],
    [
      "Organization",
      row.organizationId ? (
        <Link key="o" href={`/organizations/${row.organizationId}`} className="font-mono text-xs text-brand hover:underline">
          {row.organizationId}
        </Link>
      ) : (
        "—"
      ),
    ],
    [
      "Agency",
      row.agencyId ? <Link key="a" href={`/agencies/${row.agencyId}`} className="text-brand hover:underline">{`#${row.agencyId}`}</Link> : "—",
    ],
    ["Client ip", row.ip ?? "—"],
    ["User agent", row.userAgent ?? "—"],
    [
      "Request id",
      <span key="r" className="font-mono text-xs">
        {row.requestId ?? "—"}
      </span>,
    ],
    ["Chain position", row.chainSeq ?? "—"],
    [
      "Hash",
      <span key="h" className="break-all font-mono text-xs">
        {row.hash ?? "—"}
      </span>,
    ],
  ];
  return (
    <>
      <BackLink href="/audit">Audit log</BackLink>
      <PageHeader title={row.action} description={`Event #${row.id}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="p-6">
          <FactList facts={facts} layout="rows" />
        </Card>
        <Card className="p-6">
          <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Metadata</h2>
          <pre className="overflow-x-auto rounded bg-slate-50 p-4 text-xs">{JSON.stringify(row.metadata, null, 2)}</pre>
        </Card>
      </div>
    </>
  );
}
