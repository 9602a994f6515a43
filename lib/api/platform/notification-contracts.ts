// Platform API: the signed-in user's own notifications (seed 002's Notifications).
import { z } from "zod";
import { NOTIFICATION_NOT_FOUND, NotificationIdParams, NotificationQuery, NotificationView } from "@/lib/notifications/notifications";
import { requireUser } from "@/lib/context";
import { defineContract } from "../contract";

const base = { surface: "platform" as const, auth: requireUser, tags: ["Notifications"] };

export const listNotifications = defineContract({
  ...base,
  method: "GET",
  path: "/api/tenants/notifications",
  summary: "The caller's notifications, newest first; `unread_only=true` keeps the unread ones",
  description: "Only the caller's own notifications. `unread_count` is the caller's unread total, whatever the filter and page.",
  query: NotificationQuery,
  response: z.object({
    data: z.array(NotificationView),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    unread_count: z.number().int(),
  }),
  errors: [401, 403, 422],
});

export const unreadNotificationCount = defineContract({
  ...base,
  method: "GET",
  path: "/api/tenants/notifications/unread-count",
  summary: "How many of the caller's notifications are unread",
  response: z.object({ count: z.number().int() }),
  errors: [401, 403],
});

export const markNotificationRead = defineContract({
  ...base,
  method: "POST",
  path: "/api/tenants/notifications/{id}/read",
  summary: "Mark one of the caller's notifications read (idempotent: the first read time is kept)",
  description: "Another user's notification, like a missing one, is a 404.",
  params: NotificationIdParams,
  response: NotificationView,
  notFound: NOTIFICATION_NOT_FOUND,
  errors: [401, 403, 404],
});

export const markAllNotificationsRead = defineContract({
  ...base,
  method: "POST",
  path: "/api/tenants/notifications/read-all",
  summary: "Mark all of the caller's unread notifications read; answers how many were marked",
  response: z.object({ updated: z.number().int() }),
  errors: [401, 403],
});
