"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { DialogButtons, FormError, ModalDialog } from "@/components/modal-dialog";
import { Button, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

type Invited = { user: { id: number; email: string; name: string }; set_password_url: string | null };

/** Superadmin: create the agency's owner as a new user in one step (the user and the ownership together). */
export function InviteOwnerButton({ agency }: { agency: { id: number; name: string } }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Invite owner…
      </Button>
      {open && <InviteOwnerDialog agency={agency} onClose={() => setOpen(false)} />}
    </>
  );
}

function InviteOwnerDialog({ agency, onClose }: { agency: { id: number; name: string }; onClose: () => void }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const invite = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<Invited>(`/api/tenants/admins/${agency.id}/invite-owner`, { method: "POST", json: body }),
    onSuccess: () => {
      setErrors({});
      // The page behind the dialog shows the new owner; the dialog keeps the link until closed.
      router.refresh();
    },
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    invite.mutate({ email: String(form.get("email") ?? "").trim(), name: String(form.get("name") ?? "").trim(), ...(password ? { password } : {}) });
  }
  return (
    <ModalDialog title={`Invite an owner for ${agency.name}`} onClose={onClose} wide>
      {invite.data ? (
        <InviteResult invited={invite.data} agencyName={agency.name} onClose={onClose} />
      ) : (
        <form onSubmit={onSubmit} className="space-y-4">
          <p className="text-sm text-slate-600">
            Creates a new user and makes them the agency&apos;s owner. A current owner stays on as a member. To make an existing user the owner, use
            &quot;Assign owner&quot; instead.
          </p>
          <Field label="Email" htmlFor="invite-owner-email" error={errors.email?.[0]}>
            <input id="invite-owner-email" name="email" type="email" required autoComplete="off" className={inputClass} />
          </Field>
          <Field label="Name" htmlFor="invite-owner-name" error={errors.name?.[0]}>
            <input id="invite-owner-name" name="name" required maxLength={255} className={inputClass} />
          </Field>
          <div>
            <Field label="Password (optional)" htmlFor="invite-owner-password" error={errors.password?.[0]}>
              <input
                id="invite-owner-password"
                name="password"
                type="password"
                autoComplete="new-password"
                aria-describedby="invite-owner-password-hint"
                className={inputClass}
              />
            </Field>
            <p id="invite-owner-password-hint" className="mt-1 text-xs text-slate-500">
              Leave it empty to get a one-time link with which they choose their own password.
            </p>
          </div>
          <FormError error={invite.error} fieldErrors={errors} />
          <DialogButtons onCancel={onClose} pending={invite.isPending} label="Invite owner" pendingLabel="Inviting…" />
        </form>
      )}
    </ModalDialog>
  );
}

function InviteResult({ invited, agencyName, onClose }: { invited: Invited; agencyName: string; onClose: () => void }) {
  return (
    <div className="space-y-4">
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
        {invited.user.name} ({invited.user.email}) is now the owner of {agencyName}.
      </div>
      {invited.set_password_url ? (
        <div className="space-y-2 text-sm">
          <p>
            They cannot sign in until they set a password. Send them this link: they open it, choose a password and sign in. It works once, for 72
            hours, and is shown only now: only its fingerprint is stored, so nobody can display it again.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <code data-testid="set-password-url" className="break-all rounded bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
              {invited.set_password_url}
            </code>
            <CopyButton text={invited.set_password_url} label="Copy link" />
          </div>
        </div>
      ) : (
        <p className="text-sm">They can sign in now with the password you chose.</p>
      )}
      <div className="flex justify-end">
        <Button type="button" onClick={onClose}>
          Done
        </Button>
      </div>
    </div>
  );
}
