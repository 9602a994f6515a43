// The signed-in user's own notifications: list, unread count, mark read. Every query has the user's
// id in its WHERE, so another user's notification is simply not found (404), never forbidden.
// Reading a notification is personal state, not a change to the platform: it is not audited.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Notification, notifications } from "@/db/schema";
import { type ServiceContext, requireUser } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { type Page, PageQuery } from "@/lib/pagination";
import { SerialId } from "@/lib/validation";

export const NOTIFICATION_NOT_FOUND = "Notification not found";

export const NotificationQuery = PageQuery.extend({
  unread_only: z.stringbool().default(false).meta({ description: "true/false, 1/0 or yes/no; true keeps the unread notifications" }),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

export const NotificationIdParams = z.object({ id: SerialId });

export const NotificationView = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  /** The console page that acts on it (a path on the console's own origin). */
  link: z.string().nullable(),
  read: z.boolean(),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export function toNotificationView(n: Notification): NotificationView {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    link: n.link,
    read: n.readAt !== null,
    read_at: n.readAt?.toISOString() ?? null,
    created_at: n.createdAt.toISOString(),
  };
}

const unreadOf = (userId: number) => and(eq(notifications.userId, userId), isNull(notifications.readAt));

/** Newest first; the page carries the unread count too, so a list and its badge need one request. */
export async function listNotifications(ctx: ServiceContext, query: NotificationQuery): Promise<Page<Notification> & { unread_count: number }> {
  const { userId } = requireUser(ctx);
  const where = query.unread_only ? unreadOf(userId) : eq(notifications.userId, userId);
  const [rows, [{ total }], unread] = await Promise.all([
    ctx.db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(query.limit).offset(query.offset),
    ctx.db.select({ total: count() }).from(notifications).where(where),
    query.unread_only ? null : unreadNotificationCount(ctx),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset, unread_count: unread ?? total };
}

export async function unreadNotificationCount(ctx: ServiceContext): Promise<number> {
  const { userId } = requireUser(ctx);
  const [{ n }] = await ctx.db.select({ n: count() }).from(notifications).where(unreadOf(userId));
  return n;
}

/** Idempotent: a notification read before keeps the time it was first read. */
export async function markNotificationRead(ctx: ServiceContext, input: { id: number }): Promise<Notification> {
  const { userId } = requireUser(ctx);
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, input.id), eq(notifications.userId, userId)))
    .returning();
  if (!row) throw new NotFoundError(NOTIFICATION_NOT_FOUND);
  return row;
}

/** Marks every unread notification of the caller read, in one statement; answers how many it marked. */
export async function markAllNotificationsRead(ctx: ServiceContext): Promise<{ updated: number }> {
  const { userId } = requireUser(ctx);
  // now(), not the app server's clock: the same read_at as markNotificationRead's.
  const marked = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(unreadOf(userId))
    .returning({ id: notifications.id });
  return { updated: marked.length };
}
