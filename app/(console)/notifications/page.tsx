import type { Metadata } from "next";
import Link from "next/link";
import { MarkAllReadButton, MarkReadButton, NotificationLink } from "@/components/notification-actions";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, formatDateTime } from "@/components/ui";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { NotificationQuery, listNotifications, toNotificationView } from "@/lib/notifications/notifications";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  const raw = await searchParams;
  const query = listQueryFromUrl(NotificationQuery, { limit: PAGE_SIZE, offset: raw.offset, unread_only: raw.unread_only }, { limit: PAGE_SIZE });
  const page = await listNotifications(ctx, query);
  const unreadOnly = query.unread_only;
  const filters = [
    { label: "All", href: "/notifications", current: !unreadOnly, count: null },
    { label: "Unread only", href: "/notifications?unread_only=true", current: unreadOnly, count: page.unread_count },
  ];

  return (
    <>
      <PageHeader
        title="Notifications"
        description="What happened that concerns you: registrations, suspensions, credits and usage limits. Each links to the page that acts on it."
        actions={<MarkAllReadButton disabled={page.unread_count === 0} />}
      />
      <nav aria-label="Notification filter" className="mb-4 flex gap-1 border-b border-slate-200">
        {filters.map((f) => (
          <Link
            key={f.label}
            href={f.href}
            aria-current={f.current ? "page" : undefined}
            className={`-mb-px flex items-center gap-2 border-b-2 px-4 py-2 text-sm font-medium ${f.current ? "border-brand text-brand" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {f.label}
            {f.count !== null && (
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600" data-testid="unread-total">
                {f.count.toLocaleString("en-US")}
              </span>
            )}
          </Link>
        ))}
      </nav>
      <Card>
        {page.data.length === 0 ? (
          unreadOnly ? (
            <EmptyState title="No unread notifications.">
              You are all caught up.{" "}
              <Link href="/notifications" className="font-medium text-brand hover:underline">
                Show all
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title="No notifications yet.">
              Registrations, suspensions, credits and usage limits that concern you will appear here.
            </EmptyState>
          )
        ) : (
          <ul aria-label="Notifications" className="divide-y divide-slate-100">
            {page.data.map(toNotificationView).map((n) => (
              <li key={n.id} data-read={n.read} className={`flex items-start gap-4 px-4 py-4 ${n.read ? "" : "bg-sky-50/60"}`}>
                <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand"}`} />
                <div className="min-w-0 flex-1">
                  <NotificationLink
                    notification={n}
                    className={`text-sm hover:underline ${n.read ? "text-slate-700" : "font-semibold text-slate-900"}`}
                  >
                    {n.title}
                  </NotificationLink>
                  <p className="mt-1 text-sm text-slate-600">{n.body}</p>
                  <p className="mt-1 text-xs text-slate-400">
                    {formatDateTime(n.created_at)}
                    {n.read ? ` · read ${formatDateTime(n.read_at)}` : " · unread"}
                  </p>
                </div>
                {!n.read && <MarkReadButton id={n.id} title={n.title} />}
              </li>
            ))}
          </ul>
        )}
        <Pagination
          basePath="/notifications"
          params={{ unread_only: unreadOnly ? "true" : undefined }}
          total={page.total}
          limit={page.limit}
          offset={page.offset}
        />
      </Card>
    </>
  );
}
