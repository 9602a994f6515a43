// Writes in-app notifications inside the caller's transaction, so they exist exactly when the event does.
import { and, eq } from "drizzle-orm";
import { agencyMembers, notifications, organizationMembers, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";

interface NotificationContent {
  type: string;
  title: string;
  body: string;
  link?: string;
}

export async function notifyUsers(ctx: ServiceContext, userIds: number[], content: NotificationContent): Promise<void> {
  if (userIds.length === 0) return;
  await ctx.db.insert(notifications).values(userIds.map((userId) => ({ userId, ...content, link: content.link ?? null })));
}

export async function notifySuperadmins(ctx: ServiceContext, content: NotificationContent): Promise<void> {
  const admins = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isSuperadmin, true), eq(users.status, "active")));
  await notifyUsers(
    ctx,
    admins.map((a) => a.id),
    content,
  );
}

/** The owners of an agency: who hears of what happens to it. */
export async function agencyOwnerIds(ctx: ServiceContext, agencyId: number): Promise<number[]> {
  const rows = await ctx.db
    .select({ id: agencyMembers.userId })
    .from(agencyMembers)
    .where(and(eq(agencyMembers.agencyId, agencyId), eq(agencyMembers.role, "owner")));
  return rows.map((r) => r.id);
}

/** The owners of an organization. */
export async function organizationOwnerIds(ctx: ServiceContext, organizationId: string): Promise<number[]> {
  const rows = await ctx.db
    .select({ id: organizationMembers.userId })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, "owner")));
  return rows.map((r) => r.id);
}
