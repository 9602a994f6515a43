"use client";

import { Button } from "@/components/ui";

/**
 * An unexpected error while rendering a console page: a finished page with a way forward instead of
 * Next's bare error screen. The message is not shown (it may hold internals); the digest ties the
 * report to the server log.
 */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-lg text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">This page could not be shown. Try again; if it keeps failing, give the reference below to support.</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p>}
      <Button type="button" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
