"use client";

// An organization's website in the console: the build's progress as a live bar with its step's name
// (polled while it runs), the failure in words, "Rebuild" for those who manage it (asked first unless the
// build failed: a built site's pages are replaced, a running build starts over), and links to the site.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button, Card } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";
import { stepName } from "@/lib/websites/steps";
import type { WebsiteStatusView } from "@/lib/api/platform/tenant-contracts";
import type { z } from "zod";

export type WebsiteStatus = z.infer<typeof WebsiteStatusView>;

export function WebsitePanel({
  initial,
  canRebuild,
  siteUrl,
  localUrl,
}: {
  initial: WebsiteStatus;
  canRebuild: boolean;
  siteUrl: string;
  localUrl: string;
}) {
  const queryClient = useQueryClient();
  const key = ["website-status", initial.tenant_id];
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { data: status = initial } = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<WebsiteStatus>(`/api/tenants/${initial.tenant_id}/website-status`),
    initialData: initial,
    // Live while the build runs; still once it has ended.
    refetchInterval: (query) => (query.state.data?.prompt.process_status === "pending" ? 1500 : false),
  });
  const rebuild = useMutation({
    mutationFn: () => apiFetch<WebsiteStatus>(`/api/tenants/${initial.tenant_id}/website/rebuild`, { method: "POST" }),
    onSuccess: (next) => {
      setError(null);
      queryClient.setQueryData(key, next);
    },
    onError: (err) => setError(err instanceof ApiRequestError ? err.message : "The rebuild could not be started."),
    onSettled: () => setConfirming(false),
  });
  const progress = status.building_progress;
  const failed = status.prompt.process_status === "failed";
  const done = status.prompt.process_status === "completed";
  const width = failed ? 100 : Math.min(progress, 100);

  return (
    <Card className="p-6">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Website</h2>
        {canRebuild && (
          <Button variant="secondary" disabled={rebuild.isPending} onClick={() => (failed ? rebuild.mutate() : setConfirming(true))}>
            {rebuild.isPending ? "Starting…" : "Rebuild"}
          </Button>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Website build"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(progress, 100)}
        aria-valuetext={stepName(progress)}
        className="h-2 w-full overflow-hidden rounded bg-slate-100"
      >
        <div className={`h-full transition-all ${failed ? "bg-red-500" : done ? "bg-emerald-500" : "bg-brand"}`} style={{ width: `${width}%` }} />
      </div>
      <p className="mt-2 text-sm" data-testid="website-step">
        {stepName(progress)}
        {!failed && !done && <span className="text-slate-500"> · {Math.min(progress, 100)}%</span>}
      </p>
      {failed && status.error_message && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {status.error_message}
        </p>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {done && (
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          <a href={localUrl} target="_blank" rel="noreferrer" className="text-brand hover:underline">
            Open the site
          </a>
          <span className="font-mono text-xs text-slate-500">{siteUrl}</span>
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Rebuild the website?"
        confirmLabel="Rebuild"
        pending={rebuild.isPending}
        onConfirm={() => rebuild.mutate()}
        onCancel={() => setConfirming(false)}
      >
        {done
          ? "The site is generated again, and its pages and image are replaced by the new ones once the build completes."
          : "A build is under way: it stops, and a new one starts from the beginning."}
      </ConfirmDialog>
    </Card>
  );
}
