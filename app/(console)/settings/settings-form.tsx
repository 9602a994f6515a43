"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Card, Field, SaveFooter, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

interface Settings {
  auto_approve_registrations: boolean;
  default_storage_limit_gb: number;
  default_max_users: number;
  default_bandwidth_limit_gb: number;
  default_credit_limit: number;
  updated_at: string;
}

const NUMBERS: [keyof Settings, string, string][] = [
  ["default_credit_limit", "Default credit limit (per month)", "0 allows no consumption until a limit is set."],
  ["default_storage_limit_gb", "Default storage limit (GB)", ""],
  ["default_max_users", "Default max users", ""],
  ["default_bandwidth_limit_gb", "Default bandwidth limit (GB)", ""],
];

export function SettingsForm({ initial }: { initial: Settings }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: (body: Partial<Settings>) => apiFetch<Settings>("/api/tenants/settings", { method: "PUT", json: body }),
    onSuccess: () => setErrors({}),
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });
  const current = save.data ?? initial;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { auto_approve_registrations: form.get("auto_approve_registrations") === "on" };
    for (const [key] of NUMBERS) body[key] = Number(form.get(key));
    save.mutate(body as Partial<Settings>);
  }

  return (
    <Card className="max-w-2xl p-6">
      <form onSubmit={onSubmit} className="space-y-6">
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            name="auto_approve_registrations"
            defaultChecked={current.auto_approve_registrations}
            className="mt-1 h-4 w-4 accent-brand"
          />
          <span>
            <span className="block text-sm font-medium">Approve registrations automatically</span>
            <span className="block text-sm text-slate-500">New registrations are approved and provisioned at once, with the defaults below.</span>
          </span>
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          {NUMBERS.map(([key, label, hint]) => (
            <div key={key}>
              <Field label={label} htmlFor={key} error={errors[key]?.[0]}>
                <input id={key} name={key} type="number" min={0} step={1} required defaultValue={String(current[key])} className={inputClass} />
              </Field>
              {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
            </div>
          ))}
        </div>
        <SaveFooter mutation={save} fieldErrors={errors} label="Save settings" />
      </form>
    </Card>
  );
}
