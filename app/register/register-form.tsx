"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

type Utm = { utm_source: string | null; utm_medium: string | null; utm_campaign: string | null };
type Result = { id: number; status: string; message: string };

const FIELDS: { name: string; label: string; type?: string; autoComplete?: string; hint?: string; optional?: boolean }[] = [
  { name: "company_name", label: "Company name", autoComplete: "organization" },
  { name: "contact_name", label: "Your name", autoComplete: "name" },
  { name: "email", label: "Work email", type: "email", autoComplete: "email" },
  { name: "phone", label: "Phone", type: "tel", autoComplete: "tel", optional: true },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 8 characters." },
  { name: "desired_org_name", label: "Organization name" },
  { name: "desired_org_slug", label: "Subdomain", hint: "3-63 lowercase letters, digits and single hyphens, e.g. acme-corp." },
];

export function RegisterForm({ utm }: { utm: Utm }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<Result>("/api/tenants/register", { method: "POST", json: body }),
    onSuccess: () => setErrors({}),
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });

  if (submit.data) {
    return (
      <div role="status" className="text-center">
        <h2 className="text-lg font-semibold">{submit.data.status === "active" ? "Your organization is ready" : "Registration received"}</h2>
        <p className="mt-2 text-sm text-slate-600">{submit.data.message}</p>
        <p className="mt-1 text-xs text-slate-400">Reference #{submit.data.id}</p>
        {submit.data.status === "active" && (
          <Link href="/login" className="mt-4 inline-block text-sm font-medium text-brand hover:underline">
            Sign in →
          </Link>
        )}
      </div>
    );
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { ...utm };
    for (const field of FIELDS) body[field.name] = String(form.get(field.name) ?? "");
    if (!body.phone) body.phone = null;
    submit.mutate(body);
  }

  const generalError =
    submit.error && !(submit.error instanceof ApiRequestError && Object.keys(submit.error.fieldErrors).length) ? submit.error.message : null;

  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2" noValidate>
      {FIELDS.map((field) => (
        <div key={field.name} className={["desired_org_slug", "desired_org_name", "password"].includes(field.name) ? "sm:col-span-2" : ""}>
          <Field label={`${field.label}${field.optional ? " (optional)" : ""}`} htmlFor={field.name} error={errors[field.name]?.[0]}>
            <input
              id={field.name}
              name={field.name}
              type={field.type ?? "text"}
              autoComplete={field.autoComplete}
              required={!field.optional}
              aria-invalid={errors[field.name] ? true : undefined}
              className={`${inputClass} ${field.name === "desired_org_slug" ? "font-mono" : ""}`}
            />
          </Field>
          {field.hint && !errors[field.name] && <p className="mt-1 text-xs text-slate-500">{field.hint}</p>}
        </div>
      ))}
      {generalError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 sm:col-span-2">
          {generalError}
        </p>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" className="w-full" disabled={submit.isPending}>
          {submit.isPending ? "Submitting…" : "Submit registration"}
        </Button>
      </div>
    </form>
  );
}
