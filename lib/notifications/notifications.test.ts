// A user's own notifications at the service layer: newest first, the unread filter and counts, marking
// one or all read, and nothing of another user's ever listed, counted, marked or found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { notifications, type User } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser, principalOf, unique } from "@/lib/testing/factories";
import { PG_INT_MAX, parseInput } from "@/lib/validation";
import {
  NotificationQuery,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  toNotificationView,
  unreadNotificationCount,
} from "./notifications";
import { notifyUsers } from "./notify";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

const ctxOf = async (user: User) => contextFor(handle.db, await principalOf(handle.db, user));
const query = (raw: Record<string, unknown> = {}) => parseInput(NotificationQuery, raw);

/** A user with n notifications, oldest first, titled by their position. */
async function userWith(n: number): Promise<{ user: User; titles: string[] }> {
  const user = await createUser(handle.db);
  const titles: string[] = [];
  for (let i = 0; i < n; i++) {
    titles.push(unique(`note-${i}`));
    await notifyUsers(contextFor(handle.db, anonymous), [user.id], {
      type: "test.event",
      title: titles[i],
      body: "Something happened.",
      link: "/organizations",
    });
  }
  return { user, titles };
}

const idsOf = async (user: User) =>
  (await handle.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, user.id)))
    .map((r) => r.id)
    .sort((a, b) => a - b);

describe("listNotifications", () => {
  it("lists only the caller's notifications, newest first, paged, with the unread count", async () => {
    const { user, titles } = await userWith(3);
    await userWith(2);
    const ctx = await ctxOf(user);
    const page = await listNotifications(ctx, query());
    expect(page).toMatchObject({ total: 3, limit: 50, offset: 0, unread_count: 3 });
    expect(page.data.map((n) => n.title)).toEqual([...titles].reverse());

    const second = await listNotifications(ctx, query({ limit: "2", offset: "2" }));
    expect(second).toMatchObject({ total: 3, limit: 2, offset: 2, unread_count: 3 });
    expect(second.data.map((n) => n.title)).toEqual([titles[0]]);
  });

  it("keeps the unread ones with unread_only, and counts them whatever the filter", async () => {
    const { user, titles } = await userWith(3);
    const ctx = await ctxOf(user);
    const [oldest] = await idsOf(user);
    await markNotificationRead(ctx, { id: oldest });

    const unread = await listNotifications(ctx, query({ unread_only: "true" }));
    expect(unread).toMatchObject({ total: 2, unread_count: 2 });
    expect(unread.data.map((n) => n.title)).toEqual([titles[2], titles[1]]);
    expect(await listNotifications(ctx, query({ unread_only: "false" }))).toMatchObject({ total: 3, unread_count: 2 });
    expect(await listNotifications(ctx, query({ unread_only: "1" }))).toMatchObject({ total: 2 });
    expect(await unreadNotificationCount(ctx)).toBe(2);
  });

  it("has an empty page, not an error, for a user told of nothing", async () => {
    const ctx = await ctxOf(await createUser(handle.db));
    expect(await listNotifications(ctx, query())).toEqual({ data: [], total: 0, limit: 50, offset: 0, unread_count: 0 });
    expect(await unreadNotificationCount(ctx)).toBe(0);
    expect(await markAllNotificationsRead(ctx)).toEqual({ updated: 0 });
  });

  it("refuses an invalid filter with field errors", () => {
    expect(() => query({ unread_only: "maybe" })).toThrow(/unread only/);
  });
});

describe("markNotificationRead", () => {
  it("marks the caller's own notification read, once: a second call keeps the first read time", async () => {
    const { user } = await userWith(1);
    const ctx = await ctxOf(user);
    const [id] = await idsOf(user);
    const first = await markNotificationRead(ctx, { id });
    expect(first.readAt).toBeInstanceOf(Date);
    const again = await markNotificationRead(ctx, { id });
    expect(again.readAt).toEqual(first.readAt);
    expect(toNotificationView(again)).toMatchObject({ id, read: true, read_at: first.readAt!.toISOString(), link: "/organizations" });
    expect(await unreadNotificationCount(ctx)).toBe(0);
  });

  it("does not find another user's notification, and leaves it unread", async () => {
    const { user: owner } = await userWith(1);
    const [id] = await idsOf(owner);
    const intruder = await ctxOf(await createUser(handle.db));
    await expect(markNotificationRead(intruder, { id })).rejects.toThrow(NotFoundError);
    await expect(markNotificationRead(intruder, { id: PG_INT_MAX })).rejects.toThrow(NotFoundError);
    expect(await unreadNotificationCount(await ctxOf(owner))).toBe(1);
  });
});

describe("markAllNotificationsRead", () => {
  it("marks every unread notification of the caller and answers how many; other users' stay unread", async () => {
    const { user } = await userWith(3);
    const { user: other } = await userWith(2);
    const ctx = await ctxOf(user);
    const [oldest] = await idsOf(user);
    const before = await markNotificationRead(ctx, { id: oldest });

    expect(await markAllNotificationsRead(ctx)).toEqual({ updated: 2 });
    expect(await unreadNotificationCount(ctx)).toBe(0);
    expect(await markAllNotificationsRead(ctx)).toEqual({ updated: 0 });
    const [kept] = await handle.db.select().from(notifications).where(eq(notifications.id, oldest));
    expect(kept.readAt).toEqual(before.readAt);

    const othersUnread = await handle.db.select().from(notifications).where(eq(notifications.userId, other.id));
    expect(othersUnread.filter((n) => n.readAt === null)).toHaveLength(2);
    expect(await unreadNotificationCount(await ctxOf(other))).toBe(2);
  });
});

describe("without a signed-in user", () => {
  it("refuses every operation with UnauthorizedError", async () => {
    const ctx = contextFor(handle.db, anonymous);
    await expect(listNotifications(ctx, query())).rejects.toThrow(UnauthorizedError);
    await expect(unreadNotificationCount(ctx)).rejects.toThrow(UnauthorizedError);
    await expect(markNotificationRead(ctx, { id: 1 })).rejects.toThrow(UnauthorizedError);
    await expect(markAllNotificationsRead(ctx)).rejects.toThrow(UnauthorizedError);
  });
});
