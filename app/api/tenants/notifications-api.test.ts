// The notifications API through its real route handlers: only the caller's own notifications, the
// unread filter and counts, marking one (another user's id is a 404) or all read, and 401 without
// credentials, in the platform dialect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as readRoute from "@/app/api/tenants/notifications/[id]/read/route";
import * as readAllRoute from "@/app/api/tenants/notifications/read-all/route";
import * as listRoute from "@/app/api/tenants/notifications/route";
import * as unreadCountRoute from "@/app/api/tenants/notifications/unread-count/route";
import type { DatabaseHandle } from "@/db/client";
import { notifications, type User } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { notifyUsers } from "@/lib/notifications/notify";
import { installTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser, unique } from "@/lib/testing/factories";
import { callJsonRoute, personalTokenFor } from "@/lib/testing/route-client";
import { PG_INT_MAX } from "@/lib/validation";

let handle: DatabaseHandle;
let alice: User;
let bob: User;
const tokens = {} as Record<"alice" | "bob", string>;

beforeAll(async () => {
  handle = await installTestDatabase();
  [alice, bob] = [await createUser(handle.db), await createUser(handle.db)];
  tokens.alice = await personalTokenFor(handle.db, alice);
  tokens.bob = await personalTokenFor(handle.db, bob);
});
afterAll(async () => handle?.close());

async function tell(user: User, n: number): Promise<string[]> {
  const titles = Array.from({ length: n }, () => unique("note"));
  for (const title of titles)
    await notifyUsers(contextFor(handle.db, anonymous), [user.id], { type: "test.event", title, body: "Body", link: "/registrations/1" });
  return titles;
}

const list = (token: string | null, qs = "") => callJsonRoute(listRoute.GET, `/api/tenants/notifications${qs}`, { token });
const unreadCount = (token: string | null) => callJsonRoute(unreadCountRoute.GET, "/api/tenants/notifications/unread-count", { token });
const markRead = (token: string | null, id: number | string) =>
  callJsonRoute(readRoute.POST, `/api/tenants/notifications/${id}/read`, { method: "POST", token, params: { id: String(id) } });
const markAllRead = (token: string | null) => callJsonRoute(readAllRoute.POST, "/api/tenants/notifications/read-all", { method: "POST", token });
const idsOf = async (user: User) =>
  (await handle.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, user.id))).map((r) => r.id);

describe("without credentials", () => {
  it("answers 401 on every notifications route", async () => {
    for (const res of [await list(null), await unreadCount(null), await markRead(null, 1), await markAllRead(null)]) {
      expect(res).toMatchObject({ status: 401, body: { message: "Unauthorized" } });
    }
  });
});

describe("the notifications API", () => {
  it("lists the caller's own notifications, newest first, in the list envelope with the unread count", async () => {
    const mine = await tell(alice, 3);
    await tell(bob, 1);
    const res = await list(tokens.alice, "?limit=2");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, limit: 2, offset: 0, unread_count: 3 });
    expect(res.body.data.map((n: { title: string }) => n.title)).toEqual([mine[2], mine[1]]);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(["body", "created_at", "id", "link", "read", "read_at", "title", "type"]);
    expect(res.body.data[0]).toMatchObject({ type: "test.event", link: "/registrations/1", read: false, read_at: null });
    expect(await unreadCount(tokens.alice)).toMatchObject({ status: 200, body: { count: 3 } });
    expect(await unreadCount(tokens.bob)).toMatchObject({ status: 200, body: { count: 1 } });
  });

  it("marks one read; another user's id, a missing one and a malformed one are 404", async () => {
    const [bobsId] = await idsOf(bob);
    expect(await markRead(tokens.alice, bobsId)).toMatchObject({ status: 404, body: { message: "Notification not found" } });
    expect(await markRead(tokens.alice, PG_INT_MAX)).toMatchObject({ status: 404, body: { message: "Notification not found" } });
    expect(await markRead(tokens.alice, "abc")).toMatchObject({ status: 404, body: { message: "Notification not found" } });
    expect(await unreadCount(tokens.bob)).toMatchObject({ body: { count: 1 } });

    const [alicesId] = await idsOf(alice);
    const res = await markRead(tokens.alice, alicesId);
    expect(res).toMatchObject({ status: 200, body: { id: alicesId, read: true } });
    expect(typeof res.body.read_at).toBe("string");
    expect((await markRead(tokens.alice, alicesId)).body.read_at).toBe(res.body.read_at);
    expect(await unreadCount(tokens.alice)).toMatchObject({ body: { count: 2 } });
  });

  it("filters to the unread with unread_only, and refuses a value that is not a boolean", async () => {
    const unread = await list(tokens.alice, "?unread_only=true");
    expect(unread.body).toMatchObject({ total: 2, unread_count: 2 });
    expect(unread.body.data.every((n: { read: boolean }) => !n.read)).toBe(true);
    expect((await list(tokens.alice, "?unread_only=false")).body).toMatchObject({ total: 3, unread_count: 2 });
    const bad = await list(tokens.alice, "?unread_only=perhaps");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(["unread_only"]);
  });

  it("marks all of the caller's unread read and says how many; another user's stay unread", async () => {
    expect(await markAllRead(tokens.alice)).toMatchObject({ status: 200, body: { updated: 2 } });
    expect(await unreadCount(tokens.alice)).toMatchObject({ body: { count: 0 } });
    expect(await markAllRead(tokens.alice)).toMatchObject({ status: 200, body: { updated: 0 } });
    expect(await unreadCount(tokens.bob)).toMatchObject({ body: { count: 1 } });
    expect((await list(tokens.alice, "?unread_only=1")).body).toMatchObject({ data: [], total: 0, unread_count: 0 });
  });
});
