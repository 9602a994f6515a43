"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DialogButtons, FormError, ModalDialog } from "@/components/modal-dialog";
import { Button, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

const FIELDS: [string, string, string?][] = [
  ["name", "Name"],
  ["company_name", "Company name"],
  ["contact_email", "Contact email", "email"],
  ["phone", "Phone", "tel"],
];

export function NewAgencyButton({ groups }: { groups: { id: number; name: string }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" onClick={() => setOpen(true)}>
        New agency
      </Button>
      {open && <NewAgencyDialog groups={groups} onClose={() => setOpen(false)} />}
    </>
  );
}

function NewAgencyDialog({ groups, onClose }: { groups: { id: number; name: string }[]; onClose: () => void }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<{ id: number }>("/api/tenants/admins", { method: "POST", json: body }),
    onSuccess: (agency) => router.push(`/agencies/${agency.id}`),
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {};
    for (const [name] of FIELDS) body[name] = String(form.get(name) ?? "").trim() || null;
    const group = String(form.get("partner_group_id") ?? "");
    body.partner_group_id = group ? Number(group) : null;
    create.mutate(body);
  }
  return (
    <ModalDialog title="New agency" onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-4">
        {FIELDS.map(([name, label, type]) => (
          <Field key={name} label={label} htmlFor={`agency-${name}`} error={errors[name]?.[0]}>
            <input id={`agency-${name}`} name={name} type={type ?? "text"} required={name === "name"} className={inputClass} />
          </Field>
        ))}
        <Field label="Partner group" htmlFor="agency-partner_group_id" error={errors.partner_group_id?.[0]}>
          <select id="agency-partner_group_id" name="partner_group_id" className={inputClass} defaultValue="">
            <option value="">None</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </Field>
        <FormError error={create.error} fieldErrors={errors} />
        <DialogButtons onCancel={onClose} pending={create.isPending} label="Create agency" pendingLabel="Creating…" />
      </form>
    </ModalDialog>
  );
}
