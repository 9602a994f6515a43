import type { Metadata } from "next";
import { BackLink, Card, PageHeader, StatusBadge, formatDateTime } from "@/components/ui";
import { orNotFound, parsedOrNotFound, requireSuperadminPage } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { getRegistration } from "@/lib/registrations/queries";
import { RegistrationIdParams } from "@/lib/registrations/schemas";
import { STATUS_LABELS } from "@/lib/registrations/views";
import { loadSettings } from "@/lib/settings/settings";
import { RegistrationActions } from "./registration-actions";

export const metadata: Metadata = { title: "Registration" };
export const dynamic = "force-dynamic";

export default async function RegistrationPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const { request_id } = parsedOrNotFound(RegistrationIdParams, { request_id: (await params).id });
  const request = await orNotFound(getRegistration(ctx, { id: request_id }));
  const settings = await loadSettings(ctx.db);

  const submitted: [string, string | null][] = [
    ["Company", request.companyName],
    ["Contact", request.contactName],
    ["Email", request.email],
    ["Phone", request.phone],
    ["Desired organization name", request.desiredOrgName],
    ["Desired slug", request.desiredOrgSlug],
    ["UTM source", request.utmSource],
    ["UTM medium", request.utmMedium],
    ["UTM campaign", request.utmCampaign],
    ["Submitted", formatDateTime(request.createdAt)],
    ["Client ip", request.submittedIp],
  ];
  const reviewed: [string, string | null][] =
    request.status === "pending_approval"
      ? []
      : [
          ["Reviewed", formatDateTime(request.reviewedAt)],
          ...(request.status === "rejected"
            ? ([["Rejection reason", request.rejectionReason]] as [string, string | null][])
            : ([
                ["Organization name", request.orgName],
                ["Slug", request.orgSlug],
                ["Credit limit", request.creditLimit?.toLocaleString("en-US") ?? "Unlimited"],
                ["Storage limit (GB)", request.storageLimitGb?.toLocaleString("en-US") ?? "Unlimited"],
                ["Max users", request.maxUsers?.toLocaleString("en-US") ?? "Unlimited"],
                ["Bandwidth limit (GB)", request.bandwidthLimitGb?.toLocaleString("en-US") ?? "Unlimited"],
              ] as [string, string | null][])),
        ];

  return (
    <>
      <BackLink href={`/registrations?status=${request.status}`}>{STATUS_LABELS[request.status]} registrations</BackLink>
      <PageHeader title={request.companyName} description={`Registration #${request.id}`} actions={<StatusBadge status={request.status} />} />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-6 lg:col-span-2">
          <h2 className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-500">Submitted</h2>
          <dl className="space-y-3">
            {submitted.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-sm" data-testid={`field-${label.toLowerCase().replace(/\s+/g, "-")}`}>
                  {value ?? "—"}
                </dd>
              </div>
            ))}
          </dl>
          {reviewed.length > 0 && (
            <>
              <h2 className="mb-4 mt-8 text-sm font-semibold uppercase tracking-wide text-slate-500">Review</h2>
              <dl className="space-y-3">
                {reviewed.map(([label, value]) => (
                  <div key={label}>
                    <dt className="text-xs text-slate-500">{label}</dt>
                    <dd className="text-sm">{value ?? "—"}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </Card>
        <div className="lg:col-span-3">
          <RegistrationActions
            request={{
              id: request.id,
              status: request.status,
              organizationId: request.organizationId,
              orgName: request.orgName ?? request.desiredOrgName,
              orgSlug: request.orgSlug ?? request.desiredOrgSlug,
            }}
            defaults={{
              initial_credit_limit: settings.defaultCreditLimit,
              storage_limit_gb: settings.defaultStorageLimitGb,
              max_users: settings.defaultMaxUsers,
              bandwidth_limit_gb: settings.defaultBandwidthLimitGb,
            }}
          />
        </div>
      </div>
    </>
  );
}
