"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui";
import { apiFetch } from "@/lib/api/client";

interface ChainReport {
  ok: boolean;
  checked: number;
  problem: null | { message: string };
}

/** Walks the hash chain on demand (it reads the whole trail, so only when asked) and says what it found. */
export function VerifyChainButton() {
  const verify = useMutation({ mutationFn: () => apiFetch<ChainReport>("/api/tenants/audit-logs/verify") });
  return (
    <div className="flex items-center gap-3">
      <Button type="button" variant="secondary" disabled={verify.isPending} onClick={() => verify.mutate()}>
        {verify.isPending ? "Verifying…" : "Verify chain"}
      </Button>
      {verify.data && (
        <span role="status" className={`text-sm ${verify.data.ok ? "text-emerald-700" : "text-red-700"}`}>
          {verify.data.ok ? `Intact: ${verify.data.checked.toLocaleString("en-US")} rows checked.` : `Broken: ${verify.data.problem?.message}`}
        </span>
      )}
      {verify.error && (
        <span role="alert" className="text-sm text-red-700">
          {verify.error.message}
        </span>
      )}
    </div>
  );
}
