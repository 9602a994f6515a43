"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Card, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

interface RequestSummary {
  id: number;
  status: "pending_approval" | "approved" | "rejected" | "active";
  organizationId: string | null;
  orgName: string;
  orgSlug: string;
}

type LimitKey = "initial_credit_limit" | "storage_limit_gb" | "max_users" | "bandwidth_limit_gb";

const LIMIT_FIELDS: [LimitKey, string][] = [
  ["initial_credit_limit", "Credit limit (per month)"],
  ["storage_limit_gb", "Storage limit (GB)"],
  ["max_users", "Max users"],
  ["bandwidth_limit_gb", "Bandwidth limit (GB)"],
];

/** An empty limit field means unlimited (null), as the API has it. */
function limitValue(form: FormData, key: string): number | null {
  const raw = String(form.get(key) ?? "").trim();
  return raw === "" ? null : Number(raw);
}

export function RegistrationActions({ request, defaults }: { request: RequestSummary; defaults: Record<LimitKey, number | null> }) {
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [rejectOpen, setRejectOpen] = useState(false);
  const base = `/api/tenants/requests/${request.id}`;

  const mutation = useMutation({
    mutationFn: async (action: { kind: "approve" | "approve-provision" | "provision" | "reject"; body?: unknown }) => {
      if (action.kind === "approve-provision") {
        await apiFetch(`${base}/approve`, { method: "POST", json: action.body });
        return apiFetch(`${base}/provision`, { method: "POST" });
      }
      return apiFetch(`${base}/${action.kind}`, { method: "POST", json: action.body ?? {} });
    },
    onSuccess: () => {
      setFieldErrors({});
      setRejectOpen(false);
      router.refresh();
    },
    onError: (err) => setFieldErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });

  function approveBody(form: FormData) {
    return {
      org_name: String(form.get("org_name") ?? "").trim() || undefined,
      org_slug: String(form.get("org_slug") ?? "").trim() || undefined,
      ...Object.fromEntries(LIMIT_FIELDS.map(([key]) => [key, limitValue(form, key)])),
    };
  }

  function onApprove(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const kind = submitter?.value === "approve-provision" ? "approve-provision" : "approve";
    mutation.mutate({ kind, body: approveBody(new FormData(event.currentTarget)) });
  }

  function onReject(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.mutate({ kind: "reject", body: { reason: String(new FormData(event.currentTarget).get("reason") ?? "") } });
  }

  const error = mutation.error?.message;
  const pending = mutation.isPending;

  const rejectForm = rejectOpen ? (
    <form onSubmit={onReject} className="mt-4 space-y-3 rounded-md border border-red-200 bg-red-50 p-4" aria-label="Reject registration">
      <Field label="Reason for rejection (sent to the registrant)" htmlFor="reason" error={fieldErrors.reason?.[0]}>
        <textarea id="reason" name="reason" required maxLength={1000} rows={3} className={inputClass} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Rejecting…" : "Confirm rejection"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setRejectOpen(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  ) : (
    <Button type="button" variant="secondary" onClick={() => setRejectOpen(true)} disabled={pending}>
      Reject…
    </Button>
  );

  return (
    <Card className="p-6">
      {error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {request.status === "pending_approval" && (
        <>
          <h2 className="text-base font-semibold">Approve</h2>
          <p className="mt-1 text-sm text-slate-500">Prefilled from the registration and the platform defaults. Leave a limit empty for unlimited.</p>
          <form onSubmit={onApprove} className="mt-4 space-y-4" aria-label="Approve registration">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Organization name" htmlFor="org_name" error={fieldErrors.org_name?.[0]}>
                <input id="org_name" name="org_name" defaultValue={request.orgName} required className={inputClass} />
              </Field>
              <Field label="Slug (subdomain)" htmlFor="org_slug" error={(fieldErrors.org_slug ?? fieldErrors.desired_org_slug)?.[0]}>
                <input id="org_slug" name="org_slug" defaultValue={request.orgSlug} required className={`${inputClass} font-mono`} />
              </Field>
              {LIMIT_FIELDS.map(([key, label]) => (
                <Field key={key} label={label} htmlFor={key} error={fieldErrors[key]?.[0]}>
                  <input
                    id={key}
                    name={key}
                    type="number"
                    min={0}
                    step={1}
                    defaultValue={defaults[key] ?? ""}
                    placeholder="Unlimited"
                    className={inputClass}
                  />
                </Field>
              ))}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" value="approve" disabled={pending}>
                {pending ? "Working…" : "Approve"}
              </Button>
              <Button type="submit" value="approve-provision" variant="secondary" disabled={pending}>
                Approve and provision
              </Button>
            </div>
          </form>
          <div className="mt-6 border-t border-slate-100 pt-4">{rejectForm}</div>
        </>
      )}
      {request.status === "approved" && (
        <>
          <h2 className="text-base font-semibold">Provision</h2>
          <p className="mt-1 text-sm text-slate-500">
            Creates the owner account (with the password they registered with), the organization <span className="font-mono">{request.orgSlug}</span>{" "}
            and its limits.
          </p>
          <div className="mt-4 flex flex-wrap gap-2">
            <Button type="button" onClick={() => mutation.mutate({ kind: "provision" })} disabled={pending}>
              {pending ? "Provisioning…" : "Provision organization"}
            </Button>
          </div>
          <div className="mt-6 border-t border-slate-100 pt-4">{rejectForm}</div>
        </>
      )}
      {request.status === "active" && request.organizationId && (
        <>
          <h2 className="text-base font-semibold">Provisioned</h2>
          <p className="mt-1 text-sm text-slate-500">The organization exists and its owner can sign in.</p>
          <Link href={`/organizations/${request.organizationId}`} className="mt-4 inline-block text-sm font-medium text-brand hover:underline">
            Open the organization →
          </Link>
        </>
      )}
      {request.status === "rejected" && (
        <>
          <h2 className="text-base font-semibold">Rejected</h2>
          <p className="mt-1 text-sm text-slate-500">This registration was rejected. The registrant may submit a new one.</p>
        </>
      )}
    </Card>
  );
}
