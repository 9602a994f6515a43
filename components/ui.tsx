// Small presentational pieces shared by every console page.
import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}

/** Above a page's header: the way back to the page this one belongs to. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <nav className="mb-4 text-sm">
      <Link href={href} className="text-brand hover:underline">
        ← {children}
      </Link>
    </nav>
  );
}

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>{children}</div>;
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="px-6 py-14 text-center">
      <p className="text-base font-medium text-slate-700">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

const BUTTON_STYLES = {
  primary: "bg-brand text-white hover:opacity-90 focus-visible:outline-brand",
  secondary: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
  danger: "bg-red-600 text-white hover:bg-red-700",
} as const;

export function Button({ variant = "primary", className = "", ...props }: ComponentProps<"button"> & { variant?: keyof typeof BUTTON_STYLES }) {
  return (
    <button
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-50 ${BUTTON_STYLES[variant]} ${className}`}
      {...props}
    />
  );
}

export function LinkButton({
  variant = "secondary",
  className = "",
  ...props
}: ComponentProps<typeof Link> & { variant?: keyof typeof BUTTON_STYLES }) {
  return (
    <Link
      className={`inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium shadow-sm ${BUTTON_STYLES[variant]} ${className}`}
      {...props}
    />
  );
}

const STATUS_COLORS: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  provisioning: "bg-sky-50 text-sky-700 ring-sky-600/20",
  suspended: "bg-amber-50 text-amber-800 ring-amber-600/20",
  cancelled: "bg-slate-100 text-slate-600 ring-slate-500/20",
  pending_approval: "bg-amber-50 text-amber-800 ring-amber-600/20",
  approved: "bg-sky-50 text-sky-700 ring-sky-600/20",
  rejected: "bg-red-50 text-red-700 ring-red-600/20",
  revoked: "bg-slate-100 text-slate-600 ring-slate-500/20",
  expired: "bg-slate-100 text-slate-600 ring-slate-500/20",
  // Domain verification.
  pending: "bg-amber-50 text-amber-800 ring-amber-600/20",
  verified: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
  // Outbox mail (failed as above).
  queued: "bg-sky-50 text-sky-700 ring-sky-600/20",
  retrying: "bg-amber-50 text-amber-800 ring-amber-600/20",
  sent: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  kept: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

/** Statuses whose name would mislead; the others read as their name with spaces. */
const STATUS_LABELS: Record<string, string> = {
  // Without SMTP a mail stays in the outbox, which is not a failure.
  kept: "in outbox",
};

/** How a status reads to a person: its name with spaces, or a clearer word where the name would mislead. */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/_/g, " ");
}

export function StatusBadge({ status, ...props }: { status: string } & Omit<ComponentProps<"span">, "children" | "className">) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_COLORS[status] ?? STATUS_COLORS.cancelled}`}
      {...props}
    >
      {statusLabel(status)}
    </span>
  );
}

export function Field({ label, htmlFor, error, children }: { label: string; htmlFor: string; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {error && (
        <p className="mt-1 text-sm text-red-600" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The foot of a form that saves in place: the error when no field error explains it, the submit
 * button that says when it is at work (beside any other buttons given), and "Saved." once it is done.
 */
export function SaveFooter({
  mutation,
  fieldErrors,
  label,
  children,
}: {
  mutation: { error: Error | null; isPending: boolean; isSuccess: boolean };
  fieldErrors: Record<string, string[]>;
  label: string;
  children?: ReactNode;
}) {
  return (
    <>
      {mutation.error && Object.keys(fieldErrors).length === 0 && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {mutation.error.message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : label}
        </Button>
        {children}
        {mutation.isSuccess && (
          <span role="status" className="text-sm text-emerald-700">
            Saved.
          </span>
        )}
      </div>
    </>
  );
}

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30";

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export type Fact = [label: string, value: ReactNode];

/**
 * A record's facts as a description list: "grid" puts each label above its value, two to a row (a
 * detail page's summary); "rows" puts the label beside the value, one per line (a technical record).
 */
export function FactList({ facts, layout = "grid" }: { facts: Fact[]; layout?: "grid" | "rows" }) {
  if (layout === "rows")
    return (
      <dl className="grid gap-y-3">
        {facts.map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-4 text-sm">
            <dt className="text-slate-500">{label}</dt>
            <dd className="col-span-2 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    );
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="mt-0.5 text-sm">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
