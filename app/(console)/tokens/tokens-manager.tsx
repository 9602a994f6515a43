"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { Button, Card, EmptyState, Field, StatusBadge, formatDateTime, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import type { ApiTokenView } from "@/lib/auth/api-tokens";
import type { Page } from "@/lib/pagination";
import { DataTable } from "@/components/data-table";

const TOKENS_KEY = ["api-tokens"];

function tokenStatus(token: ApiTokenView): string {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && new Date(token.expires_at) < new Date()) return "expired";
  return "active";
}

export function TokensManager({ initial }: { initial: Page<ApiTokenView> }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: () => apiFetch<Page<ApiTokenView>>("/api/v1/api-tokens?limit=200"),
    initialData: initial,
  });
  const [created, setCreated] = useState<(ApiTokenView & { token: string }) | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiTokenView | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (input: { name: string; expires_in_days: number | null; scopes: string[] }) =>
      apiFetch<ApiTokenView & { token: string }>("/api/v1/api-tokens", { method: "POST", json: input }),
    onSuccess: (token) => {
      setCreated(token);
      setFormError(null);
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
    onError: (err) => setFormError(err instanceof ApiRequestError ? (err.fieldErrors.name?.[0] ?? err.message) : "Could not create the token."),
  });

  const revoke = useMutation({
    mutationFn: (id: number) => apiFetch<ApiTokenView>(`/api/v1/api-tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      setToRevoke(null);
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get("expires_in_days") ?? "");
    create.mutate({
      name: String(form.get("name") ?? ""),
      expires_in_days: days ? Number(days) : null,
      scopes: form.get("access") === "usage" ? ["usage"] : [],
    });
    event.currentTarget.reset();
  }

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-base font-semibold">Create a token</h2>
        <form onSubmit={onCreate} className="mt-4 flex flex-wrap items-end gap-4">
          <div className="min-w-64 flex-1">
            <Field label="Name" htmlFor="token-name" error={formError ?? undefined}>
              <input id="token-name" name="name" required maxLength={100} placeholder="e.g. Billing system" className={inputClass} />
            </Field>
          </div>
          <Field label="Expires" htmlFor="token-expiry">
            <select id="token-expiry" name="expires_in_days" className={inputClass} defaultValue="">
              <option value="">Never</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In a year</option>
            </select>
          </Field>
          <Field label="Access" htmlFor="token-access">
            <select id="token-access" name="access" className={inputClass} defaultValue="">
              <option value="">All of my rights</option>
              <option value="usage">Usage reporting only</option>
            </select>
          </Field>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </form>
        {created && (
          <div className="mt-6 rounded-md border border-emerald-200 bg-emerald-50 p-4" role="status">
            <p className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy it now: it will not be shown again.</p>
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <code data-testid="new-token" className="break-all rounded bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200">
                {created.token}
              </code>
              <CopyButton text={created.token} />
              <button type="button" onClick={() => setCreated(null)} className="text-sm text-emerald-800 hover:underline">
                Done
              </button>
            </div>
          </div>
        )}
      </Card>

      <Card>
        {tokens.data.data.length === 0 ? (
          <EmptyState title="No API tokens yet.">Create one above to call the API from a script.</EmptyState>
        ) : (
          <DataTable columns={["Name", "Prefix", "Access", "Status", "Created", "Last used", "Expires", { label: "Actions", hidden: true }]}>
            {tokens.data.data.map((token) => (
              <tr key={token.id}>
                <td className="px-4 py-3 font-medium">{token.name}</td>
                <td className="px-4 py-3 font-mono text-xs text-slate-600">{token.prefix}…</td>
                <td className="px-4 py-3 text-slate-600">{token.scopes.includes("usage") ? "Usage reporting" : "All rights"}</td>
                <td className="px-4 py-3">
                  <StatusBadge status={tokenStatus(token)} />
                </td>
                <td className="px-4 py-3 text-slate-600">{formatDateTime(token.created_at)}</td>
                <td className="px-4 py-3 text-slate-600">{token.last_used_at ? formatDateTime(token.last_used_at) : "Never"}</td>
                <td className="px-4 py-3 text-slate-600">{token.expires_at ? formatDateTime(token.expires_at) : "Never"}</td>
                <td className="px-4 py-3 text-right">
                  {!token.revoked_at && (
                    <Button variant="secondary" type="button" onClick={() => setToRevoke(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <ConfirmDialog
        open={toRevoke !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        onCancel={() => setToRevoke(null)}
        onConfirm={() => toRevoke && revoke.mutate(toRevoke.id)}
      >
        Scripts using “{toRevoke?.name}” ({toRevoke?.prefix}…) will get 401 from now on. This cannot be undone.
        {revoke.error && (
          <p className="mt-2 text-red-600" role="alert">
            {revoke.error.message}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
