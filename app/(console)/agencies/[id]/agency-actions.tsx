"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button, Card, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import { InviteOwnerButton } from "./invite-owner";

type Action = { kind: "suspend"; reason: string } | { kind: "reactivate" } | { kind: "assign-owner"; userId: number };

/** Superadmin actions on an agency, each confirmed before it runs. */
export function AgencyActions({ agency }: { agency: { id: number; name: string; status: "active" | "suspended" } }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<"suspend" | "reactivate" | null>(null);
  const [reason, setReason] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const run = useMutation({
    mutationFn: (action: Action) => {
      const base = `/api/tenants/admins/${agency.id}`;
      if (action.kind === "suspend") return apiFetch(`${base}/suspend`, { method: "POST", json: { reason: action.reason } });
      if (action.kind === "reactivate") return apiFetch(`${base}/reactivate`, { method: "POST" });
      return apiFetch(`${base}/assign-owner`, { method: "POST", json: { user_id: action.userId } });
    },
    onSuccess: () => {
      setConfirming(null);
      setReason("");
      setOwnerId("");
      setErrors({});
      router.refresh();
    },
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });

  return (
    <Card className="h-fit space-y-6 p-6">
      <div>
        <h2 className="text-base font-semibold">Status</h2>
        <p className="mt-1 text-sm text-slate-500">A suspended agency&apos;s admins are locked out; its organizations keep running.</p>
        <div className="mt-3">
          {agency.status === "active" ? (
            <Button type="button" variant="secondary" onClick={() => setConfirming("suspend")}>
              Suspend…
            </Button>
          ) : (
            <Button type="button" onClick={() => setConfirming("reactivate")}>
              Reactivate…
            </Button>
          )}
        </div>
      </div>
      <div className="border-t border-slate-100 pt-4">
        <h2 className="text-base font-semibold">Invite owner</h2>
        <p className="mt-1 text-sm text-slate-500">Creates a new user as the agency&apos;s owner, with a one-time link to set their password.</p>
        <div className="mt-3">
          <InviteOwnerButton agency={{ id: agency.id, name: agency.name }} />
        </div>
      </div>
      <form
        className="space-y-3 border-t border-slate-100 pt-4"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate({ kind: "assign-owner", userId: Number(ownerId) });
        }}
      >
        <h2 className="text-base font-semibold">Assign owner</h2>
        <Field label="User id" htmlFor="owner-user-id" error={errors.user_id?.[0]}>
          <input
            id="owner-user-id"
            type="number"
            min={1}
            required
            value={ownerId}
            onChange={(e) => setOwnerId(e.target.value)}
            className={inputClass}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={run.isPending || !ownerId}>
          Assign owner
        </Button>
        {run.error && !confirming && !Object.keys(errors).length && (
          <p role="alert" className="text-sm text-red-600">
            {run.error.message}
          </p>
        )}
      </form>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === "suspend" ? `Suspend ${agency.name}?` : `Reactivate ${agency.name}?`}
        confirmLabel={confirming === "suspend" ? "Suspend agency" : "Reactivate agency"}
        pending={run.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => (confirming === "suspend" ? run.mutate({ kind: "suspend", reason }) : run.mutate({ kind: "reactivate" }))}
      >
        {confirming === "suspend" && (
          <>
            <label htmlFor="suspend-reason" className="block text-sm font-medium text-slate-700">
              Reason (required)
            </label>
            <textarea
              id="suspend-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              maxLength={500}
              rows={3}
              className={`${inputClass} mt-1`}
            />
            {errors.reason && (
              <p className="mt-1 text-sm text-red-600" role="alert">
                {errors.reason[0]}
              </p>
            )}
          </>
        )}
        {confirming === "reactivate" && "Its admins regain access to the console and the API."}
        {run.error && confirming && !Object.keys(errors).length && (
          <p className="mt-2 text-red-600" role="alert">
            {run.error.message}
          </p>
        )}
      </ConfirmDialog>
    </Card>
  );
}
