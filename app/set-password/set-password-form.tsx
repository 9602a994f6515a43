"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

export function SetPasswordForm({ token }: { token: string }) {
  const [mismatch, setMismatch] = useState(false);
  const save = useMutation({
    mutationFn: (password: string) =>
      apiFetch<{ email: string; message: string }>("/api/tenants/users/set-password", { method: "POST", json: { token, password } }),
  });
  if (save.data) {
    return (
      <div role="status" className="text-center text-sm">
        <p>{save.data.message}</p>
        <Link href="/login" className="mt-3 inline-block font-medium text-brand hover:underline">
          Sign in as {save.data.email} →
        </Link>
      </div>
    );
  }
  const fieldErrors = save.error instanceof ApiRequestError ? save.error.fieldErrors : {};
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const password = String(form.get("password") ?? "");
        setMismatch(password !== String(form.get("confirm") ?? ""));
        if (password === String(form.get("confirm") ?? "")) save.mutate(password);
      }}
    >
      <Field label="New password (at least 8 characters)" htmlFor="password" error={fieldErrors.password?.[0]}>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} className={inputClass} />
      </Field>
      <Field label="Repeat it" htmlFor="confirm" error={mismatch ? "The two passwords differ." : undefined}>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required className={inputClass} />
      </Field>
      {fieldErrors.token && (
        <p role="alert" className="text-sm text-red-700">
          {fieldErrors.token[0]}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
