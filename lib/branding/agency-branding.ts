// An agency's white-label branding: its own values, stored as overrides in `agencies.branding` (jsonb),
// over the platform's default branding (platform_settings.default_branding) over the built-in look.
import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies } from "@/db/schema";
import { agencyAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { loadSettings } from "@/lib/settings/settings";
import {
  BRANDING_FIELDS,
  BUILT_IN_BRANDING,
  type Branding,
  type BrandingOverrides,
  type BrandingPatch,
  applyBrandingPatch,
  mergeBranding,
  sanitizeOverrides,
  toOverridesView,
} from "./schemas";

interface AgencyBranding {
  agencyId: number;
  /** The agency's own values; a field it does not set shows the platform default through. */
  overrides: BrandingOverrides;
  /** The platform's default branding (over the built-in one): what the agency's unset fields show. */
  defaults: Branding;
  resolved: Branding;
}

export function toAgencyBrandingView(b: AgencyBranding) {
  return { admin_id: b.agencyId, branding: toOverridesView(b.overrides), resolved: b.resolved };
}

/** The platform's default branding, resolved over the built-in one. Public: every sign-in page shows it. */
export async function platformBranding(db: Db): Promise<Branding> {
  const settings = await loadSettings(db);
  return mergeBranding(BUILT_IN_BRANDING, sanitizeOverrides(settings.defaultBranding));
}

/** Superadmins see every agency's branding; an agency's admins see their own; anyone else none (404). */
function visibleAgency(ctx: ServiceContext, id: number): SQL {
  const user = requireUser(ctx);
  if (user.isSuperadmin) return eq(agencies.id, id);
  const mine = user.agencies.map((a) => a.id);
  return mine.length ? and(eq(agencies.id, id), inArray(agencies.id, mine))! : sql`false`;
}

export async function getAgencyBranding(ctx: ServiceContext, input: { id: number }): Promise<AgencyBranding> {
  const where = visibleAgency(ctx, input.id);
  const [[row], defaults] = await Promise.all([
    ctx.db.select({ id: agencies.id, branding: agencies.branding }).from(agencies).where(where),
    platformBranding(ctx.db),
  ]);
  if (!row) throw new NotFoundError("Admin not found");
  const overrides = sanitizeOverrides(row.branding);
  return { agencyId: row.id, overrides, defaults, resolved: mergeBranding(defaults, overrides) };
}

/**
 * A partial update: fields left out keep their values, `null` resets one to the platform default. The
 * input was validated as a whole before this runs, so a refused update stores nothing. Writes an audit
 * row only when something changed.
 */
export async function updateAgencyBranding(ctx: ServiceContext, input: { id: number; branding: BrandingPatch }): Promise<AgencyBranding> {
  const user = requireUser(ctx);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ id: agencies.id, status: agencies.status, branding: agencies.branding })
      .from(agencies)
      .where(visibleAgency(tx, input.id))
      .for("no key update");
    if (!row) throw new NotFoundError("Admin not found");
    if (!user.isSuperadmin && row.status === "suspended") throw new ForbiddenError("The admin is suspended; its branding cannot be changed.");
    const before = sanitizeOverrides(row.branding);
    const after = applyBrandingPatch(before, input.branding);
    const changes = brandingChanges(before, after);
    if (Object.keys(changes).length > 0) {
      await tx.db.update(agencies).set({ branding: after, updatedAt: new Date() }).where(eq(agencies.id, row.id));
      await recordAudit(tx, { action: "agency.branding_updated", ...agencyAuditTarget(row), metadata: { changes } });
    }
    const defaults = await platformBranding(tx.db);
    return { agencyId: row.id, overrides: after, defaults, resolved: mergeBranding(defaults, after) };
  });
}

/** `{field: {from, to}}` for every field whose own value changed (null: the default). */
function brandingChanges(before: BrandingOverrides, after: BrandingOverrides): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(
    BRANDING_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((f) => [f, { from: before[f] ?? null, to: after[f] ?? null }]),
  );
}
