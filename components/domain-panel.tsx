"use client";

// A custom or console domain in the console: set or replace it, the TXT record to create (with copy
// buttons), "Verify now" and the last check's failure reason, and removal. The server renders the
// claim; every change goes through the platform API and refreshes the page.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Button, Card, Field, StatusBadge, formatDateTime, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import type { DomainView } from "@/lib/domains/schemas";
import { DomainName } from "@/lib/validation";

export function DomainPanel({
  title,
  endpoint,
  claim,
  description,
}: {
  /** "Custom domain" or "Console domain". */
  title: string;
  /** The claim's API resource, e.g. /api/tenants/organizations/{id}/domain. */
  endpoint: string;
  claim: DomainView | null;
  description: string;
}) {
  const router = useRouter();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  /** The domain that would replace the verified one, while its confirmation is open. */
  const [replacement, setReplacement] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inputId = `${title.toLowerCase().replace(/\W+/g, "-")}-input`;
  const label = title.toLowerCase();

  const save = useMutation({
    mutationFn: (domain: string) => apiFetch<DomainView>(endpoint, { method: "PUT", json: { domain } }),
    onSuccess: () => {
      setFieldError(null);
      router.refresh();
    },
    onError: (err) => setFieldError(err instanceof ApiRequestError ? (err.fieldErrors.domain?.[0] ?? err.message) : "The domain could not be saved."),
    // A failure shows under the field, not in the confirmation.
    onSettled: () => setReplacement(null),
  });
  const verify = useMutation({
    mutationFn: () => apiFetch<DomainView>(`${endpoint}/verify`, { method: "POST" }),
    onSettled: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch(endpoint, { method: "DELETE" }),
    onSuccess: () => {
      setConfirmRemove(false);
      router.refresh();
    },
  });

  function submit(domain: string) {
    verify.reset();
    save.mutate(domain);
  }

  function onSave(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const domain = String(new FormData(event.currentTarget).get("domain") ?? "").trim();
    // Replacing a verified domain stops it routing until the new one is verified: only on confirmation.
    // A domain the server would refuse goes to it without one (its answer shows under the field), and so
    // does the same domain in other capitals (the server lowercases: nothing changes).
    const valid = DomainName.safeParse(domain);
    if (claim?.status === "verified" && valid.success && valid.data !== claim.domain) setReplacement(domain);
    else submit(domain);
  }

  return (
    <Card className="p-6">
      <section aria-labelledby={`${inputId}-title`}>
        <div className="flex items-center justify-between gap-4">
          <h2 id={`${inputId}-title`} className="text-base font-semibold">
            {title}
          </h2>
          {claim && <StatusBadge status={claim.status} />}
        </div>
        <p className="mt-1 text-sm text-slate-500">{description}</p>

        {/* Keyed by the saved domain, so the field shows what the server holds after each change. */}
        <form
          key={claim?.domain ?? ""}
          ref={formRef}
          onSubmit={onSave}
          className="mt-4 flex flex-wrap items-end gap-3"
          aria-label={`Set the ${label}`}
        >
          <div className="min-w-64 flex-1">
            <Field label="Domain" htmlFor={inputId} error={fieldError ?? undefined}>
              <input id={inputId} name="domain" defaultValue={claim?.domain ?? ""} placeholder="app.example.com" required className={inputClass} />
            </Field>
          </div>
          <Button type="submit" variant={claim ? "secondary" : "primary"} disabled={save.isPending}>
            {save.isPending ? "Saving…" : claim ? "Change domain" : "Set domain"}
          </Button>
        </form>

        {claim && claim.status !== "verified" && (
          <div className="mt-5 space-y-3">
            <p className="text-sm text-slate-700">
              Create this DNS record at your DNS provider, then verify. Until then, <span className="font-medium">{claim.domain}</span> is not routed
              here.
            </p>
            <dl className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm" aria-label="TXT record to create">
              {[
                ["Type", "TXT", false],
                ["Name", claim.txt_record.name, true],
                ["Value", claim.txt_record.value, true],
              ].map(([name, value, copyable]) => (
                <div key={String(name)} className="flex items-center gap-3 px-3 py-2">
                  <dt className="w-14 shrink-0 text-slate-500">{name}</dt>
                  <dd className="min-w-0 flex-1 break-all font-mono text-xs">{value}</dd>
                  {copyable && <CopyButton text={String(value)} label={`Copy ${String(name).toLowerCase()}`} />}
                </div>
              ))}
            </dl>
            {claim.status === "failed" && claim.failure_reason && (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
                Verification failed{claim.checked_at ? ` (${formatDateTime(claim.checked_at)})` : ""}: {claim.failure_reason}
              </p>
            )}
            {/* A 409 (verified by another owner first) shows as the claim's failure reason above. */}
            {verify.error && !(verify.error instanceof ApiRequestError && verify.error.status === 409) && (
              <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
                {verify.error.message}
              </p>
            )}
            <Button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
              {verify.isPending ? "Verifying…" : "Verify now"}
            </Button>
          </div>
        )}

        {claim?.status === "verified" && (
          <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Verified {formatDateTime(claim.verified_at)}: {claim.domain} is routed here.
          </p>
        )}

        {claim && (
          <button type="button" onClick={() => setConfirmRemove(true)} className="mt-4 text-sm text-red-700 hover:underline">
            Remove {label}
          </button>
        )}
      </section>
      <ConfirmDialog
        open={replacement !== null}
        title={`Change the ${label}?`}
        confirmLabel="Replace domain"
        pending={save.isPending}
        onCancel={() => {
          // The field goes back to the verified domain it still shows as routed.
          formRef.current?.reset();
          setReplacement(null);
        }}
        onConfirm={() => replacement !== null && submit(replacement)}
      >
        {claim?.domain} is verified and routes here. Replacing it with {replacement} stops {claim?.domain} routing here at once, and {replacement}{" "}
        routes here only once its TXT record is verified.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove the ${label}?`}
        confirmLabel="Remove"
        pending={remove.isPending}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => remove.mutate()}
      >
        {claim?.domain} will stop routing here at once. Setting it again needs a new verification.
        {remove.error && (
          <p className="mt-2 text-red-600" role="alert">
            {remove.error.message}
          </p>
        )}
      </ConfirmDialog>
    </Card>
  );
}
