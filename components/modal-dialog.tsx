"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "./ui";

/**
 * A modal that opens when it mounts, on the native <dialog> (focus trap and Escape for free): the
 * parent renders it while open and unmounts it to close. Named by its own title.
 */
export function ModalDialog({
  title,
  onClose,
  wide = false,
  children,
}: {
  title: string;
  onClose: () => void;
  wide?: boolean;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.showModal(), []);
  return (
    <dialog
      ref={ref}
      onCancel={onClose}
      className={`m-auto w-full ${wide ? "max-w-lg" : "max-w-md"} rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40`}
      aria-labelledby={titleId}
    >
      <div className="space-y-4 p-6">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}

/** A form dialog's error that belongs to no field (field errors show beside their fields). */
export function FormError({ error, fieldErrors }: { error: Error | null; fieldErrors: Record<string, string[]> }) {
  if (!error || Object.keys(fieldErrors).length) return null;
  return (
    <p role="alert" className="text-sm text-red-600">
      {error.message}
    </p>
  );
}

/** A form dialog's buttons: Cancel, and the submit button that says when it is at work. */
export function DialogButtons({
  onCancel,
  pending,
  label,
  pendingLabel,
}: {
  onCancel: () => void;
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}
