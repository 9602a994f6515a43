"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DialogButtons, FormError, ModalDialog } from "@/components/modal-dialog";
import { Button, Card, EmptyState, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import { DataTable } from "@/components/data-table";

interface Group {
  id: number;
  name: string;
  description: string | null;
  credit_discount_percent: number;
  agencies_count: number;
}

/** The partner groups table with create/edit dialogs and a guarded delete. */
export function PartnerGroupsManager({ groups }: { groups: Group[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Group | "new" | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  const remove = useMutation({
    mutationFn: (id: number) => apiFetch(`/api/tenants/partner-groups/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      setDeleting(null);
      router.refresh();
    },
  });

  return (
    <>
      <div className="mb-4 flex justify-end">
        <Button type="button" onClick={() => setEditing("new")}>
          New partner group
        </Button>
      </div>
      <Card>
        {groups.length === 0 ? (
          <EmptyState title="No partner groups yet.">Create one to give a tier of agencies a discount on credits.</EmptyState>
        ) : (
          <DataTable columns={["Name", "Discount", "Agencies", { label: "Actions", hidden: true }]}>
            {groups.map((g) => (
              <tr key={g.id}>
                <td className="px-4 py-3">
                  <div className="font-medium">{g.name}</div>
                  {g.description && <div className="text-xs text-slate-500">{g.description}</div>}
                </td>
                <td className="px-4 py-3">{g.credit_discount_percent}%</td>
                <td className="px-4 py-3" data-testid={`agencies-count-${g.id}`}>
                  {g.agencies_count}
                </td>
                <td className="space-x-2 px-4 py-3 text-right">
                  <Button variant="secondary" type="button" onClick={() => setEditing(g)} aria-label={`Edit ${g.name}`}>
                    Edit
                  </Button>
                  <Button variant="secondary" type="button" onClick={() => setDeleting(g)} aria-label={`Delete ${g.name}`}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {editing && (
        <GroupDialog
          group={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            router.refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "this group"}?`}
        confirmLabel="Delete group"
        pending={remove.isPending}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
      >
        A group that agencies use cannot be deleted; move them to another group first.
        {remove.error && (
          <p className="mt-2 text-red-600" role="alert">
            {remove.error.message}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

function GroupDialog({ group, onClose, onSaved }: { group: Group | null; onClose: () => void; onSaved: () => void }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch(group ? `/api/tenants/partner-groups/${group.id}` : "/api/tenants/partner-groups", { method: group ? "PUT" : "POST", json: body }),
    onSuccess: onSaved,
    onError: (err) => setErrors(err instanceof ApiRequestError ? err.fieldErrors : {}),
  });
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? "") || null,
      credit_discount_percent: Number(form.get("credit_discount_percent") ?? 0),
    });
  }
  return (
    <ModalDialog title={group ? `Edit ${group.name}` : "New partner group"} onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Name" htmlFor="group-name" error={errors.name?.[0]}>
          <input id="group-name" name="name" required defaultValue={group?.name} className={inputClass} />
        </Field>
        <Field label="Description" htmlFor="group-description" error={errors.description?.[0]}>
          <input id="group-description" name="description" defaultValue={group?.description ?? ""} className={inputClass} />
        </Field>
        <Field label="Credit discount (%)" htmlFor="group-discount" error={errors.credit_discount_percent?.[0]}>
          <input
            id="group-discount"
            name="credit_discount_percent"
            type="number"
            min={0}
            max={100}
            step={0.01}
            required
            defaultValue={group?.credit_discount_percent ?? 0}
            className={inputClass}
          />
        </Field>
        <FormError error={save.error} fieldErrors={errors} />
        <DialogButtons onCancel={onClose} pending={save.isPending} label="Save" pendingLabel="Saving…" />
      </form>
    </ModalDialog>
  );
}
