"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DialogButtons, FormError, ModalDialog } from "@/components/modal-dialog";
import { Button, Field, inputClass } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

/**
 * Who owns the new organization: a superadmin may pick an agency or none (the platform's own); an
 * admin of several agencies must pick one of them; an admin of one agency gets it without asking.
 */
export type AgencyChoice = { kind: "none" } | { kind: "optional" | "required"; agencies: { id: number; name: string }[]; truncated: boolean };

export function NewOrganizationButton({ agencyChoice }: { agencyChoice: AgencyChoice }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" onClick={() => setOpen(true)}>
        New organization
      </Button>
      {open && <NewOrganizationDialog agencyChoice={agencyChoice} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A taken slug is a 409 without field errors; it belongs beside the slug all the same. */
function fieldErrorsOf(err: Error): Record<string, string[]> {
  if (!(err instanceof ApiRequestError)) return {};
  if (err.status === 409) return { slug: [err.message] };
  return err.fieldErrors;
}

function NewOrganizationDialog({ agencyChoice, onClose }: { agencyChoice: AgencyChoice; onClose: () => void }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<{ id: string }>("/api/tenants/organizations", { method: "POST", json: body }),
    onSuccess: (org) => {
      router.push(`/organizations/${org.id}`);
      router.refresh();
    },
    onError: (err) => setErrors(fieldErrorsOf(err)),
  });
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { name: String(form.get("name") ?? "").trim(), slug: String(form.get("slug") ?? "").trim() };
    if (agencyChoice.kind !== "none") {
      const agency = String(form.get("admin_id") ?? "");
      body.admin_id = agency ? Number(agency) : null;
    }
    create.mutate(body);
  }
  return (
    <ModalDialog title="New organization" onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Name" htmlFor="organization-name" error={errors.name?.[0]}>
          <input id="organization-name" name="name" required maxLength={255} aria-invalid={errors.name ? true : undefined} className={inputClass} />
        </Field>
        <div>
          <Field label="Slug" htmlFor="organization-slug" error={errors.slug?.[0]}>
            <input
              id="organization-slug"
              name="slug"
              required
              autoCapitalize="none"
              spellCheck={false}
              aria-invalid={errors.slug ? true : undefined}
              aria-describedby="organization-slug-hint"
              className={`${inputClass} font-mono`}
            />
          </Field>
          <p id="organization-slug-hint" className="mt-1 text-xs text-slate-500">
            The subdomain of its site: 3-63 lowercase letters, digits and single hyphens, e.g. acme-corp.
          </p>
        </div>
        {agencyChoice.kind !== "none" && (
          <Field
            label={agencyChoice.kind === "optional" ? "Agency (optional)" : "Agency"}
            htmlFor="organization-admin_id"
            error={errors.admin_id?.[0]}
          >
            <select id="organization-admin_id" name="admin_id" required={agencyChoice.kind === "required"} className={inputClass} defaultValue="">
              <option value="">{agencyChoice.kind === "optional" ? "None: the platform's own" : "Choose an agency"}</option>
              {agencyChoice.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            {agencyChoice.truncated && <p className="mt-1 text-xs text-slate-500">The first {agencyChoice.agencies.length} agencies by name.</p>}
          </Field>
        )}
        <FormError error={create.error} fieldErrors={errors} />
        {/* Still at work after success: the organization's page is on its way. */}
        <DialogButtons onCancel={onClose} pending={create.isPending || create.isSuccess} label="Create organization" pendingLabel="Creating…" />
      </form>
    </ModalDialog>
  );
}
