"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { Button, Card, Field, inputClass } from "./ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

/** Grants or transfers credits after a confirmation naming the amount and where it comes from. */
export function CreditsForm({ endpoint, title, source, confirmLabel }: { endpoint: string; title: string; source: string; confirmLabel: string }) {
  const router = useRouter();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: () => apiFetch(endpoint, { method: "POST", json: { amount: Number(amount), reason } }),
    onSuccess: () => {
      setConfirming(false);
      setAmount("");
      setReason("");
      setErrors({});
      router.refresh();
    },
    onError: (err) => {
      setConfirming(false);
      setErrors(err instanceof ApiRequestError ? err.fieldErrors : {});
    },
  });
  return (
    <Card className="h-fit p-6">
      <h2 className="text-base font-semibold">{title}</h2>
      <form
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <Field label="Amount (credits)" htmlFor="credits-amount" error={errors.amount?.[0]}>
          <input
            id="credits-amount"
            type="number"
            min={1}
            step={1}
            required
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            className={inputClass}
          />
        </Field>
        <Field label="Reason" htmlFor="credits-reason" error={errors.reason?.[0]}>
          <input id="credits-reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} />
        </Field>
        {save.error && !Object.keys(errors).length && (
          <p role="alert" className="text-sm text-red-600">
            {save.error.message}
          </p>
        )}
        <Button type="submit" disabled={save.isPending}>
          {confirmLabel}…
        </Button>
      </form>
      <ConfirmDialog
        open={confirming}
        title={`${confirmLabel}?`}
        confirmLabel={confirmLabel}
        pending={save.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => save.mutate()}
      >
        {Number(amount).toLocaleString("en-US")} credits, {source}. Reason: “{reason}”. Ledger entries cannot be changed afterwards.
      </ConfirmDialog>
    </Card>
  );
}
