// Partner groups: the tiers agencies belong to, each with a discount on the credits they buy.
import { asc, count, eq, getTableColumns } from "drizzle-orm";
import { agencies, partnerGroups, type PartnerGroup } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { ConflictError, NotFoundError, ValidationError, uniqueViolation } from "@/lib/errors";
import type { PartnerGroupInput, PartnerGroupUpdate } from "./schemas";

type PartnerGroupWithCount = PartnerGroup & { agenciesCount: number };

export function toPartnerGroupView(g: PartnerGroupWithCount) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    credit_discount_percent: Number(g.creditDiscountPercent),
    agencies_count: g.agenciesCount,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
  };
}

const NAME_TAKEN = { name: ["The name has already been taken."] };

async function withNameUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (uniqueViolation(err) === "partner_groups_name_key") throw new ValidationError(NAME_TAKEN);
    throw err;
  }
}

async function agenciesIn(ctx: ServiceContext, groupId: number): Promise<number> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(agencies).where(eq(agencies.partnerGroupId, groupId));
  return n;
}

export async function listPartnerGroups(ctx: ServiceContext): Promise<PartnerGroupWithCount[]> {
  requireSuperadmin(ctx);
  return ctx.db
    .select({ ...getTableColumns(partnerGroups), agenciesCount: count(agencies.id) })
    .from(partnerGroups)
    .leftJoin(agencies, eq(agencies.partnerGroupId, partnerGroups.id))
    .groupBy(partnerGroups.id)
    .orderBy(asc(partnerGroups.name));
}

export async function createPartnerGroup(ctx: ServiceContext, input: PartnerGroupInput): Promise<PartnerGroupWithCount> {
  requireSuperadmin(ctx);
  return withNameUnique(() =>
    withTransaction(ctx, async (tx) => {
      const [taken] = await tx.db.select({ id: partnerGroups.id }).from(partnerGroups).where(eq(partnerGroups.name, input.name));
      if (taken) throw new ValidationError(NAME_TAKEN);
      const [group] = await tx.db
        .insert(partnerGroups)
        .values({ name: input.name, description: input.description, creditDiscountPercent: String(input.credit_discount_percent) })
        .returning();
      await recordAudit(tx, {
        action: "partner_group.created",
        targetType: "partner_group",
        targetId: group.id,
        metadata: toPartnerGroupView({ ...group, agenciesCount: 0 }),
      });
      return { ...group, agenciesCount: 0 };
    }),
  );
}

export async function updatePartnerGroup(ctx: ServiceContext, input: PartnerGroupUpdate & { id: number }): Promise<PartnerGroupWithCount> {
  requireSuperadmin(ctx);
  return withNameUnique(() =>
    withTransaction(ctx, async (tx) => {
      const [before] = await tx.db.select().from(partnerGroups).where(eq(partnerGroups.id, input.id)).for("update");
      if (!before) throw new NotFoundError("Partner group not found");
      if (input.name !== undefined && input.name !== before.name) {
        const [taken] = await tx.db.select({ id: partnerGroups.id }).from(partnerGroups).where(eq(partnerGroups.name, input.name));
        if (taken) throw new ValidationError(NAME_TAKEN);
      }
      const [after] = await tx.db
        .update(partnerGroups)
        .set({
          name: input.name,
          description: input.description,
          creditDiscountPercent: input.credit_discount_percent === undefined ? undefined : String(input.credit_discount_percent),
          updatedAt: new Date(),
        })
        .where(eq(partnerGroups.id, before.id))
        .returning();
      const agenciesCount = await agenciesIn(tx, after.id);
      await recordAudit(tx, {
        action: "partner_group.updated",
        targetType: "partner_group",
        targetId: after.id,
        metadata: { before: toPartnerGroupView({ ...before, agenciesCount }), after: toPartnerGroupView({ ...after, agenciesCount }) },
      });
      return { ...after, agenciesCount };
    }),
  );
}

export async function deletePartnerGroup(ctx: ServiceContext, input: { id: number }): Promise<void> {
  requireSuperadmin(ctx);
  await withTransaction(ctx, async (tx) => {
    const [group] = await tx.db.select().from(partnerGroups).where(eq(partnerGroups.id, input.id)).for("update");
    if (!group) throw new NotFoundError("Partner group not found");
    const used = await agenciesIn(tx, group.id);
    if (used > 0) throw new ConflictError(`The partner group is used by ${used} agenc${used === 1 ? "y" : "ies"}; move them to another group first.`);
    await tx.db.delete(partnerGroups).where(eq(partnerGroups.id, group.id));
    await recordAudit(tx, { action: "partner_group.deleted", targetType: "partner_group", targetId: group.id, metadata: { name: group.name } });
  });
}
