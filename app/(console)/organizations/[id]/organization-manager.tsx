"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button, Card, Field, SaveFooter, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

interface EditableOrganization {
  id: string;
  name: string;
  status: "provisioning" | "active" | "suspended" | "cancelled";
  enabled_plugins: string[];
  credit_limit: number | null;
  storage_limit_gb: number | null;
  max_users: number | null;
  bandwidth_limit_gb: number | null;
}

type LimitKey = "credit_limit" | "storage_limit_gb" | "max_users" | "bandwidth_limit_gb";
const LIMITS: [LimitKey, string][] = [
  ["credit_limit", "Credit limit (per month)"],
  ["storage_limit_gb", "Storage (GB)"],
  ["max_users", "Users"],
  ["bandwidth_limit_gb", "Bandwidth (GB)"],
];

type StatusChange = { status: "active" | "suspended" | "cancelled"; title: string; verb: string };

/** Edit form, plugin toggles, limits and status changes for superadmins and the owning agency. */
export function OrganizationManager({ org, catalog }: { org: EditableOrganization; catalog: { key: string; name: string; description: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [change, setChange] = useState<StatusChange | null>(null);
  const [reason, setReason] = useState("");

  const edit = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch(`/api/tenants/organizations/${org.id}/edit`, { method: "PUT", json: body }),
    onSuccess: () => {
      setErrors({});
      router.refresh();
    },
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });

  const status = useMutation({
    mutationFn: (body: { status: string; reason: string | null }) =>
      apiFetch(`/api/tenants/organizations/${org.id}/status`, { method: "PUT", json: body }),
    onSuccess: () => {
      setChange(null);
      setReason("");
      router.refresh();
    },
  });

  function onSave(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const limit = (key: string) => {
      const raw = String(form.get(key) ?? "").trim();
      return raw === "" ? null : Number(raw);
    };
    edit.mutate({
      name: String(form.get("name") ?? ""),
      enabled_plugins: form.getAll("enabled_plugins").map(String),
      ...Object.fromEntries(LIMITS.map(([key]) => [key, limit(key)])),
    });
  }

  const changes: StatusChange[] =
    org.status === "active"
      ? [
          { status: "suspended", title: "Suspend this organization?", verb: "Suspend" },
          { status: "cancelled", title: "Cancel this organization?", verb: "Cancel organization" },
        ]
      : org.status === "suspended"
        ? [
            { status: "active", title: "Reactivate this organization?", verb: "Reactivate" },
            { status: "cancelled", title: "Cancel this organization?", verb: "Cancel organization" },
          ]
        : org.status === "cancelled"
          ? [{ status: "active", title: "Reactivate this organization?", verb: "Reactivate" }]
          : [];

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-3">
      <Card className="p-6 lg:col-span-2">
        <h2 className="text-base font-semibold">Edit organization</h2>
        <form onSubmit={onSave} className="mt-4 space-y-5" aria-label="Edit organization">
          {/* The custom domain has its own panel: it goes through DNS verification. */}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" htmlFor="name" error={errors.name?.[0]}>
              <input id="name" name="name" defaultValue={org.name} required className={inputClass} />
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Plugins</legend>
            {errors.enabled_plugins && (
              <p className="mt-1 text-sm text-red-600" role="alert">
                {errors.enabled_plugins[0]}
              </p>
            )}
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {catalog.map((plugin) => (
                <label key={plugin.key} className="flex items-start gap-3 rounded-md border border-slate-200 p-3 hover:bg-slate-50">
                  <input
                    type="checkbox"
                    name="enabled_plugins"
                    value={plugin.key}
                    defaultChecked={org.enabled_plugins.includes(plugin.key)}
                    className="mt-0.5 h-4 w-4 accent-brand"
                  />
                  <span>
                    <span className="block text-sm font-medium">{plugin.name}</span>
                    <span className="block text-xs text-slate-500">{plugin.description}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">
              Limits <span className="font-normal text-slate-500">(empty: unlimited, 0: none allowed)</span>
            </legend>
            <div className="mt-2 grid gap-4 sm:grid-cols-2">
              {LIMITS.map(([key, label]) => (
                <Field key={key} label={label} htmlFor={key} error={errors[key]?.[0]}>
                  <input
                    id={key}
                    name={key}
                    type="number"
                    min={0}
                    step={1}
                    defaultValue={org[key] ?? ""}
                    placeholder="Unlimited"
                    className={inputClass}
                  />
                </Field>
              ))}
            </div>
          </fieldset>
          <SaveFooter mutation={edit} fieldErrors={errors} label="Save changes" />
        </form>
      </Card>
      <Card className="h-fit p-6">
        <h2 className="text-base font-semibold">Status</h2>
        <p className="mt-1 text-sm text-slate-500">Suspended organizations keep their data; their members cannot use them until reactivated.</p>
        <div className="mt-4 flex flex-col gap-2">
          {changes.map((c) => (
            <Button key={c.status} type="button" variant={c.status === "active" ? "primary" : "secondary"} onClick={() => setChange(c)}>
              {c.verb}
            </Button>
          ))}
          {changes.length === 0 && <p className="text-sm text-slate-500">The status can change once provisioning has finished.</p>}
        </div>
      </Card>
      <ConfirmDialog
        open={change !== null}
        title={change?.title ?? ""}
        confirmLabel={change?.verb ?? "Confirm"}
        pending={status.isPending}
        onCancel={() => setChange(null)}
        onConfirm={() => change && status.mutate({ status: change.status, reason: reason.trim() || null })}
      >
        <label htmlFor="status-reason" className="block text-sm font-medium text-slate-700">
          Reason (optional, shown to the organization&apos;s owners)
        </label>
        <textarea
          id="status-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          rows={3}
          className={`${inputClass} mt-1`}
        />
        {status.error && (
          <p className="mt-2 text-red-600" role="alert">
            {status.error.message}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
