"use client";

// The branding editor, for an agency (PUT /api/tenants/admins/{id}/branding) or for the platform's
// default (PUT /api/tenants/settings). The rules are the API's own schema, checked here before sending.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import {
  BRANDING_FIELDS,
  type Branding,
  type BrandingField,
  type BrandingOverridesView,
  BrandingPatch,
  brandingFieldSchemas,
  isHexColor,
  isHttpsUrl,
} from "@/lib/branding/schemas";
import { fieldErrorsFromZod } from "@/lib/validation";
import { BrandingPreview } from "./branding-preview";
import { ConfirmDialog } from "./confirm-dialog";
import { Button, Card, Field, SaveFooter, inputClass } from "./ui";

type BrandingTarget = { kind: "agency"; id: number } | { kind: "platform" };

type TextField = Exclude<BrandingField, "hide_powered_by">;
type Values = Record<TextField, string>;

const URL_FIELDS: [TextField, string][] = [
  ["logo_url", "Logo URL"],
  ["favicon_url", "Favicon URL"],
];
const COLOR_FIELDS: [TextField, string][] = [
  ["primary_color", "Primary color"],
  ["secondary_color", "Secondary color"],
];
const TEXT_FIELDS: [TextField, string, string][] = [
  ["app_name", "App name", "text"],
  ["footer_text", "Footer text", "text"],
  ["support_email", "Support email", "email"],
];
const TEXT_KEYS = BRANDING_FIELDS.filter((f): f is TextField => f !== "hide_powered_by");

function valuesOf(own: BrandingOverridesView): Values {
  return Object.fromEntries(TEXT_KEYS.map((f) => [f, own[f] ?? ""])) as Values;
}

/** The form as a PUT body: an empty field goes back to the default (null). */
function patchOf(values: Values, hidePoweredBy: boolean): Record<BrandingField, unknown> {
  const patch = Object.fromEntries(TEXT_KEYS.map((f) => [f, values[f] === "" ? null : values[f]]));
  return { ...patch, hide_powered_by: hidePoweredBy } as Record<BrandingField, unknown>;
}

/** What the preview shows: each valid value, else what the default would show. */
function previewOf(values: Values, hidePoweredBy: boolean, inherited: Branding): Branding {
  const out: Record<string, unknown> = { ...inherited, hide_powered_by: hidePoweredBy };
  for (const f of TEXT_KEYS) {
    const parsed = values[f] === "" ? null : brandingFieldSchemas[f].safeParse(values[f]);
    if (parsed?.success) out[f] = parsed.data;
  }
  return out as unknown as Branding;
}

/** `#abc` -> `#aabbcc`: the color input takes six digits only. */
function sixDigits(color: string): string {
  const c = color.toLowerCase();
  return c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c;
}

/** The API's field errors keyed by field: `branding.logo_url` and `default_branding.logo_url` -> `logo_url`. */
function byField(errors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^(default_)?branding\./, ""), v]));
}

export function BrandingEditor({
  target,
  own,
  inherited,
  inheritedLabel,
}: {
  target: BrandingTarget;
  own: BrandingOverridesView;
  inherited: Branding;
  inheritedLabel: string;
}) {
  const router = useRouter();
  const [values, setValues] = useState<Values>(() => valuesOf(own));
  const [hidePoweredBy, setHidePoweredBy] = useState(own.hide_powered_by ?? inherited.hide_powered_by);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [confirmingReset, setConfirmingReset] = useState(false);

  const save = useMutation({
    mutationFn: async (patch: Record<string, unknown>): Promise<BrandingOverridesView> => {
      if (target.kind === "agency") {
        const saved = await apiFetch<{ branding: BrandingOverridesView }>(`/api/tenants/admins/${target.id}/branding`, {
          method: "PUT",
          json: { branding: patch },
        });
        return saved.branding;
      }
      const saved = await apiFetch<{ default_branding: BrandingOverridesView }>("/api/tenants/settings", {
        method: "PUT",
        json: { default_branding: patch },
      });
      return saved.default_branding;
    },
    onSuccess: (saved) => {
      setValues(valuesOf(saved));
      setHidePoweredBy(saved.hide_powered_by ?? inherited.hide_powered_by);
      setErrors({});
      setConfirmingReset(false);
      // The console around the editor wears the new brand when it is the viewer's own.
      router.refresh();
    },
    onError: (err) => {
      setConfirmingReset(false);
      setErrors(err instanceof ApiRequestError ? byField(err.fieldErrors) : {});
    },
  });

  function check(patch: Record<string, unknown>): Record<string, string[]> {
    const result = BrandingPatch.safeParse(patch, { reportInput: true });
    return result.success ? {} : fieldErrorsFromZod(result.error);
  }

  function set(field: TextField, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
  }

  function checkField(field: TextField) {
    const problems = check({ [field]: values[field] === "" ? null : values[field] });
    setErrors(({ [field]: _, ...rest }) => (problems[field] ? { ...rest, [field]: problems[field] } : rest));
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = patchOf(values, hidePoweredBy);
    const problems = check(patch);
    setErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate(patch);
  }

  const preview = previewOf(values, hidePoweredBy, inherited);
  const placeholder = (f: TextField) => (inherited[f] == null ? "Not set" : `${inheritedLabel}: ${inherited[f]}`);

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card className="p-6">
        <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Branding">
          <p className="text-sm text-slate-500">An empty field shows the {inheritedLabel.toLowerCase()}. Images must be https:// URLs.</p>
          {URL_FIELDS.map(([field, label]) => (
            <Field key={field} label={label} htmlFor={field} error={errors[field]?.[0]}>
              <div className="flex items-center gap-3">
                <input
                  id={field}
                  type="url"
                  inputMode="url"
                  value={values[field]}
                  onChange={(e) => set(field, e.target.value)}
                  onBlur={() => checkField(field)}
                  placeholder={placeholder(field)}
                  className={inputClass}
                  aria-invalid={errors[field] ? true : undefined}
                />
                {/* Only a value that passes the API's own https rule is ever put in an <img>. */}
                {isHttpsUrl(values[field]) ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={values[field]} alt={`${label} preview`} className="h-10 w-10 shrink-0 rounded border border-slate-200 object-contain" />
                ) : (
                  <span className="h-10 w-10 shrink-0 rounded border border-dashed border-slate-300" aria-hidden="true" />
                )}
              </div>
            </Field>
          ))}
          <div className="grid gap-4 sm:grid-cols-2">
            {COLOR_FIELDS.map(([field, label]) => (
              <Field key={field} label={label} htmlFor={field} error={errors[field]?.[0]}>
                <div className="flex items-center gap-2">
                  <input
                    type="color"
                    aria-label={`${label} picker`}
                    value={sixDigits(isHexColor(values[field]) ? values[field] : (inherited[field] as string))}
                    onChange={(e) => set(field, e.target.value)}
                    className="h-9 w-12 shrink-0 cursor-pointer rounded border border-slate-300 bg-white p-0.5"
                  />
                  <input
                    id={field}
                    value={values[field]}
                    onChange={(e) => set(field, e.target.value)}
                    onBlur={() => checkField(field)}
                    placeholder={placeholder(field)}
                    className={inputClass}
                    aria-invalid={errors[field] ? true : undefined}
                  />
                </div>
              </Field>
            ))}
          </div>
          {TEXT_FIELDS.map(([field, label, type]) => (
            <Field key={field} label={label} htmlFor={field} error={errors[field]?.[0]}>
              <input
                id={field}
                type={type}
                value={values[field]}
                onChange={(e) => set(field, e.target.value)}
                onBlur={() => checkField(field)}
                placeholder={placeholder(field)}
                className={inputClass}
                aria-invalid={errors[field] ? true : undefined}
              />
            </Field>
          ))}
          <label className="flex items-center gap-3">
            <input type="checkbox" checked={hidePoweredBy} onChange={(e) => setHidePoweredBy(e.target.checked)} className="h-4 w-4 accent-brand" />
            <span className="text-sm font-medium">Hide the &ldquo;Powered by&rdquo; line</span>
          </label>
          <SaveFooter mutation={save} fieldErrors={errors} label="Save branding">
            <Button type="button" variant="secondary" onClick={() => setConfirmingReset(true)} disabled={save.isPending}>
              Reset to default…
            </Button>
          </SaveFooter>
        </form>
      </Card>
      <div>
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Live preview</h2>
        <BrandingPreview branding={preview} />
      </div>
      <ConfirmDialog
        open={confirmingReset}
        title="Reset the branding to the default?"
        confirmLabel="Reset to default"
        pending={save.isPending}
        onCancel={() => setConfirmingReset(false)}
        onConfirm={() => save.mutate(Object.fromEntries(BRANDING_FIELDS.map((f) => [f, null])))}
      >
        Every field goes back to the {inheritedLabel.toLowerCase()}. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
