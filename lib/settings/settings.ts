// Platform settings: defaults for new organizations and the registration policy.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { platformSettings, type PlatformSettings } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { BrandingOverridesView, BrandingPatch, applyBrandingPatch, sanitizeOverrides, toOverridesView } from "@/lib/branding/schemas";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { PG_INT_MAX } from "@/lib/validation";

const NonNegativeInt = z.number().int().min(0).max(PG_INT_MAX);

export const UpdateSettingsInput = z.object({
  auto_approve_registrations: z.boolean().optional(),
  default_storage_limit_gb: NonNegativeInt.optional(),
  default_max_users: NonNegativeInt.optional(),
  default_bandwidth_limit_gb: NonNegativeInt.optional(),
  default_credit_limit: NonNegativeInt.optional(),
  /** The platform's default branding, a partial update of its own: null resets a field to the built-in look. */
  default_branding: BrandingPatch.optional(),
});
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInput>;

export const SettingsView = z.object({
  auto_approve_registrations: z.boolean(),
  default_storage_limit_gb: z.number().int(),
  default_max_users: z.number().int(),
  default_bandwidth_limit_gb: z.number().int(),
  default_credit_limit: z.number().int(),
  /** The platform's own branding values; null where the built-in look shows through. */
  default_branding: BrandingOverridesView,
  updated_at: z.string(),
});

export function toSettingsView(s: PlatformSettings): z.infer<typeof SettingsView> {
  return {
    auto_approve_registrations: s.autoApproveRegistrations,
    default_storage_limit_gb: s.defaultStorageLimitGb,
    default_max_users: s.defaultMaxUsers,
    default_bandwidth_limit_gb: s.defaultBandwidthLimitGb,
    default_credit_limit: s.defaultCreditLimit,
    default_branding: toOverridesView(sanitizeOverrides(s.defaultBranding)),
    updated_at: s.updatedAt.toISOString(),
  };
}

/** For services that need the defaults; not an authorization boundary. */
export async function loadSettings(db: Db): Promise<PlatformSettings> {
  const [row] = await db.select().from(platformSettings).where(eq(platformSettings.id, 1));
  if (row) return row;
  // The migration creates the row; recreate it if someone deleted it by hand.
  const [created] = await db.insert(platformSettings).values({ id: 1 }).onConflictDoNothing().returning();
  return created ?? (await loadSettings(db));
}

export async function getPlatformSettings(ctx: ServiceContext): Promise<PlatformSettings> {
  requireSuperadmin(ctx);
  return loadSettings(ctx.db);
}

export async function updatePlatformSettings(ctx: ServiceContext, input: UpdateSettingsInput): Promise<PlatformSettings> {
  requireSuperadmin(ctx);
  return withTransaction(ctx, async (tx) => {
    // Locked: two concurrent partial updates of default_branding must not lose one another's fields.
    const [locked] = await tx.db.select().from(platformSettings).where(eq(platformSettings.id, 1)).for("update");
    const before = locked ?? (await loadSettings(tx.db));
    const [after] = await tx.db
      .update(platformSettings)
      .set({
        autoApproveRegistrations: input.auto_approve_registrations,
        defaultStorageLimitGb: input.default_storage_limit_gb,
        defaultMaxUsers: input.default_max_users,
        defaultBandwidthLimitGb: input.default_bandwidth_limit_gb,
        defaultCreditLimit: input.default_credit_limit,
        defaultBranding: input.default_branding ? applyBrandingPatch(sanitizeOverrides(before.defaultBranding), input.default_branding) : undefined,
        updatedAt: new Date(),
      })
      .where(eq(platformSettings.id, 1))
      .returning();
    await recordAudit(tx, {
      action: "settings.updated",
      targetType: "platform_settings",
      targetId: 1,
      metadata: { before: toSettingsView(before), after: toSettingsView(after) },
    });
    return after;
  });
}
