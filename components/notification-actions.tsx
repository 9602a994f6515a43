"use client";

// Marking notifications read, shared by the bell and the Notifications page: every change refreshes
// the bell's queries, and the server-rendered page when it is the one on screen. A failure shows beside
// its button until the next try (a new mutate clears the error).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { Button } from "@/components/ui";
import { ApiRequestError, apiFetch } from "@/lib/api/client";

/** The prefix of every notifications query (the bell's unread count and latest list). */
export const NOTIFICATIONS_KEY = ["notifications"] as const;

function useNotificationActions() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const onSettled = () => {
    void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    if (pathname === "/notifications") router.refresh();
  };
  const markRead = useMutation({ mutationFn: (id: number) => apiFetch(`/api/tenants/notifications/${id}/read`, { method: "POST" }), onSettled });
  const markAllRead = useMutation({
    mutationFn: () => apiFetch<{ updated: number }>("/api/tenants/notifications/read-all", { method: "POST" }),
    onSettled,
  });
  return { markRead, markAllRead };
}

interface Target {
  id: number;
  link: string | null;
  read: boolean;
}

/** The notification's title, linking to the page that acts on it; following it marks it read. */
export function NotificationLink({
  notification,
  className,
  onFollow,
  children,
}: {
  notification: Target;
  className?: string;
  onFollow?: () => void;
  children: ReactNode;
}) {
  const { markRead } = useNotificationActions();
  if (!notification.link) return <span className={className}>{children}</span>;
  return (
    <Link
      href={notification.link}
      className={className}
      onClick={() => {
        if (!notification.read) markRead.mutate(notification.id);
        onFollow?.();
      }}
    >
      {children}
    </Link>
  );
}

/** The server's own words for a refusal (signed out, no longer allowed); a generic line for the rest. */
function failureMessage(error: Error | null, fallback: string): string {
  return error instanceof ApiRequestError && error.status < 500 ? error.message : fallback;
}

export function MarkReadButton({ id, title }: { id: number; title: string }) {
  const { markRead } = useNotificationActions();
  return (
    <div className="flex shrink-0 flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => markRead.mutate(id)}
        disabled={markRead.isPending}
        aria-label={`Mark "${title}" read`}
        className="rounded px-2 py-1 text-xs font-medium text-brand hover:bg-slate-100 disabled:opacity-50"
      >
        Mark read
      </button>
      {markRead.isError && (
        <p role="alert" className="text-xs text-red-600">
          {failureMessage(markRead.error, "Could not mark it read.")}
        </p>
      )}
    </div>
  );
}

export function MarkAllReadButton({ disabled, compact = false }: { disabled: boolean; compact?: boolean }) {
  const { markAllRead } = useNotificationActions();
  const label = markAllRead.isPending ? "Marking…" : "Mark all read";
  const error = markAllRead.isError && (
    <p role="alert" className={compact ? "text-xs text-red-600" : "text-sm text-red-600"}>
      {failureMessage(markAllRead.error, "Could not mark all read. Try again.")}
    </p>
  );
  if (compact)
    return (
      <div className="flex flex-col items-end gap-1">
        <button
          type="button"
          onClick={() => markAllRead.mutate()}
          disabled={disabled || markAllRead.isPending}
          className="text-sm font-medium text-brand hover:underline disabled:text-slate-400 disabled:no-underline"
        >
          {label}
        </button>
        {error}
      </div>
    );
  return (
    <div className="flex items-center gap-3">
      {error}
      <Button type="button" variant="secondary" onClick={() => markAllRead.mutate()} disabled={disabled || markAllRead.isPending}>
        {label}
      </Button>
    </div>
  );
}
