"use client";

// The console's bell: the signed-in user's unread count, polled (and refetched when the tab regains
// focus) so it stays fresh without a reload, and a dropdown of the latest notifications.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/components/ui";
import { apiFetch } from "@/lib/api/client";
import type { NotificationView } from "@/lib/notifications/notifications";
import { MarkAllReadButton, MarkReadButton, NOTIFICATIONS_KEY, NotificationLink } from "./notification-actions";

const COUNT_KEY = [...NOTIFICATIONS_KEY, "unread-count"];
const LATEST_KEY = [...NOTIFICATIONS_KEY, "latest"];
/** One indexed count per open tab every 15 s; polling pauses while the tab is hidden. */
const POLL_MS = 15_000;
const LATEST = 8;

interface NotificationPage {
  data: NotificationView[];
  unread_count: number;
}

function BellIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="h-5 w-5"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();

  const count = useQuery({
    queryKey: COUNT_KEY,
    queryFn: () => apiFetch<{ count: number }>("/api/tenants/notifications/unread-count").then((body) => body.count),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
  });
  const latest = useQuery({
    queryKey: LATEST_KEY,
    queryFn: async () => {
      const page = await apiFetch<NotificationPage>(`/api/tenants/notifications?limit=${LATEST}`);
      queryClient.setQueryData(COUNT_KEY, page.unread_count);
      return page;
    },
    enabled: open,
    refetchInterval: open ? POLL_MS : false,
    staleTime: 0,
  });

  // Closes on a click outside or Escape.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("mousedown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const unread = count.data ?? 0;
  const close = () => setOpen(false);

  return (
    <div ref={container} className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative rounded-md p-2 text-slate-300 hover:bg-white/10 hover:text-white"
      >
        <BellIcon />
        {unread > 0 && (
          <span
            data-testid="notification-count"
            aria-hidden="true"
            className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="Notifications"
          className="absolute left-0 top-full z-50 mt-2 w-80 rounded-lg border border-slate-200 bg-white text-slate-900 shadow-lg"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <MarkAllReadButton disabled={unread === 0} compact />
          </div>
          {latest.isPending ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
          ) : latest.isError ? (
            <p role="alert" className="px-4 py-6 text-center text-sm text-red-700">
              Could not load notifications.
            </p>
          ) : latest.data.data.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">No notifications yet.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              {latest.data.data.map((n) => (
                <li key={n.id} className={`flex items-start gap-2 px-4 py-3 ${n.read ? "" : "bg-sky-50/60"}`} data-read={n.read}>
                  <div className="min-w-0 flex-1">
                    <NotificationLink
                      notification={n}
                      onFollow={close}
                      className={`block text-sm hover:underline ${n.read ? "text-slate-700" : "font-semibold text-slate-900"}`}
                    >
                      {n.title}
                    </NotificationLink>
                    <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{n.body}</p>
                    <p className="mt-1 text-xs text-slate-400">{formatDateTime(n.created_at)}</p>
                  </div>
                  {!n.read && <MarkReadButton id={n.id} title={n.title} />}
                </li>
              ))}
            </ul>
          )}
          <div className="border-t border-slate-100 px-4 py-2 text-right">
            <Link href="/notifications" onClick={close} className="text-sm font-medium text-brand hover:underline">
              See all
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
