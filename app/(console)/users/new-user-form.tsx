"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button, Card, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

type Created = { id: number; email: string; set_password_url: string | null };

/** Creates a user, or invites one: without a password, shows the one-time set-password link once. */
export function NewUserForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<Created>("/api/tenants/users", { method: "POST", json: body }),
    onSuccess: () => {
      setErrors({});
      router.refresh();
    },
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });
  return (
    <Card className="p-6">
      <h2 className="text-base font-semibold">New user</h2>
      <form
        className="mt-4 grid gap-4 sm:grid-cols-4 sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const password = String(form.get("password") ?? "");
          create.mutate({ email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), ...(password ? { password } : {}) });
        }}
      >
        <Field label="Email" htmlFor="new-user-email" error={errors.email?.[0]}>
          <input id="new-user-email" name="email" type="email" required className={inputClass} />
        </Field>
        <Field label="Name" htmlFor="new-user-name" error={errors.name?.[0]}>
          <input id="new-user-name" name="name" required className={inputClass} />
        </Field>
        <Field label="Password (empty: send a link)" htmlFor="new-user-password" error={errors.password?.[0]}>
          <input id="new-user-password" name="password" type="password" autoComplete="new-password" className={inputClass} />
        </Field>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </Button>
      </form>
      {create.data && (
        <div role="status" className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
          <p className="font-medium text-emerald-900">
            User #{create.data.id} ({create.data.email}) created.
          </p>
          {create.data.set_password_url && (
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <span>Send them this one-time link (valid 72 hours, shown once):</span>
              <code data-testid="set-password-url" className="break-all rounded bg-white px-2 py-1 ring-1 ring-emerald-200">
                {create.data.set_password_url}
              </code>
              <CopyButton text={create.data.set_password_url} />
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
