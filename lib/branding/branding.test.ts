// Branding at the service layer: an agency's partial updates and resets, its audit rows, who may read
// and change it, the platform default in the settings, and which branding a request resolves to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { agencies, auditLogs, type Agency } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { getPlatformSettings, toSettingsView, updatePlatformSettings } from "@/lib/settings/settings";
import { createTestDatabase } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createAgencyAdmin,
  createOrganizationRow,
  createUser,
  principalOf,
  superadminPrincipal,
} from "@/lib/testing/factories";
import { getAgencyBranding, platformBranding, updateAgencyBranding } from "./agency-branding";
import { resolveBranding } from "./resolve-branding";
import { BUILT_IN_BRANDING } from "./schemas";

let handle: DatabaseHandle;
let superadmin: UserPrincipal;
let agencyA: Agency;
let agencyB: Agency;
let adminA: UserPrincipal;
let adminB: UserPrincipal;
let member: UserPrincipal;
let orgSlug: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  superadmin = await superadminPrincipal(db);
  agencyA = await createAgency(db);
  agencyB = await createAgency(db);
  const org = await createOrganizationRow(db, { agencyId: agencyA.id });
  orgSlug = org.slug;
  const [a, b, m] = [await createUser(db), await createUser(db), await createUser(db)];
  await addAgencyMember(db, agencyA.id, a.id);
  await addAgencyMember(db, agencyB.id, b.id);
  await addOrganizationMember(db, org.id, m.id, "member");
  [adminA, adminB, member] = [await principalOf(db, a), await principalOf(db, b), await principalOf(db, m)];
});
afterAll(async () => handle?.close());

const as = (principal: UserPrincipal | typeof anonymous) => contextFor(handle.db, principal);

async function brandingAudits(agencyId: number) {
  return handle.db
    .select({ metadata: auditLogs.metadata, actorUserId: auditLogs.actorUserId })
    .from(auditLogs)
    .where(and(eq(auditLogs.action, "agency.branding_updated"), eq(auditLogs.agencyId, agencyId)));
}

describe("an agency's branding", () => {
  it("starts empty: every field shows the platform default", async () => {
    const fresh = await createAgency(handle.db);
    const branding = await getAgencyBranding(as(superadmin), { id: fresh.id });
    expect(branding.overrides).toEqual({});
    expect(branding.resolved).toEqual(await platformBranding(handle.db));
  });

  it("keeps the fields a partial update leaves out, and null resets one to the platform default", async () => {
    const agency = await createAgency(handle.db);
    await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { app_name: "Acme", primary_color: "#ff5733", hide_powered_by: true } });
    const second = await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { logo_url: "https://acme.example/logo.png" } });
    expect(second.overrides).toEqual({
      app_name: "Acme",
      primary_color: "#ff5733",
      hide_powered_by: true,
      logo_url: "https://acme.example/logo.png",
    });

    const reset = await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { primary_color: null, hide_powered_by: null } });
    expect(reset.overrides).toEqual({ app_name: "Acme", logo_url: "https://acme.example/logo.png" });
    expect(reset.resolved).toEqual({ ...(await platformBranding(handle.db)), app_name: "Acme", logo_url: "https://acme.example/logo.png" });
    const [row] = await handle.db.select({ branding: agencies.branding }).from(agencies).where(eq(agencies.id, agency.id));
    expect(row.branding).toEqual({ app_name: "Acme", logo_url: "https://acme.example/logo.png" });
  });

  it("writes one audit row per change, with what changed, and none when nothing did", async () => {
    const agency = await createAgency(handle.db);
    await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { app_name: "Acme", footer_text: "<b>hi</b>" } });
    await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { app_name: "Acme" } });
    await updateAgencyBranding(as(superadmin), { id: agency.id, branding: {} });
    await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { app_name: null } });
    const audits = await brandingAudits(agency.id);
    expect(audits.map((a) => a.metadata)).toEqual([
      { changes: { app_name: { from: null, to: "Acme" }, footer_text: { from: null, to: "<b>hi</b>" } } },
      { changes: { app_name: { from: "Acme", to: null } } },
    ]);
    expect(audits.every((a) => a.actorUserId === superadmin.userId)).toBe(true);
  });

  it("an agency's admins read and change their own; another agency's admins and organization members get 404", async () => {
    expect((await updateAgencyBranding(as(adminA), { id: agencyA.id, branding: { app_name: "Agency A" } })).resolved.app_name).toBe("Agency A");
    expect((await getAgencyBranding(as(adminA), { id: agencyA.id })).overrides.app_name).toBe("Agency A");
    for (const outsider of [adminB, member]) {
      await expect(getAgencyBranding(as(outsider), { id: agencyA.id })).rejects.toThrow(NotFoundError);
      await expect(updateAgencyBranding(as(outsider), { id: agencyA.id, branding: { app_name: "Hijacked" } })).rejects.toThrow(NotFoundError);
    }
    await expect(getAgencyBranding(as(anonymous), { id: agencyA.id })).rejects.toThrow(UnauthorizedError);
    await expect(updateAgencyBranding(as(anonymous), { id: agencyA.id, branding: { app_name: "Hijacked" } })).rejects.toThrow(UnauthorizedError);
    await expect(getAgencyBranding(as(superadmin), { id: 2_000_000_000 })).rejects.toThrow(NotFoundError);
    expect((await getAgencyBranding(as(superadmin), { id: agencyA.id })).overrides.app_name).toBe("Agency A");
  });

  it("a suspended agency's admins cannot change it; the superadmin can", async () => {
    const { agency, principal: admin } = await createAgencyAdmin(handle.db, { status: "suspended", suspendedReason: "Payment overdue" });
    await expect(updateAgencyBranding(as(admin), { id: agency.id, branding: { app_name: "Still here" } })).rejects.toThrow(ForbiddenError);
    expect((await updateAgencyBranding(as(superadmin), { id: agency.id, branding: { app_name: "Still here" } })).overrides.app_name).toBe(
      "Still here",
    );
  });
});

describe("the platform's default branding", () => {
  it("is part of the settings, a partial update of its own; null goes back to the built-in look", async () => {
    const before = toSettingsView(await getPlatformSettings(as(superadmin)));
    expect(before.default_branding).toEqual({
      logo_url: null,
      favicon_url: null,
      primary_color: null,
      secondary_color: null,
      app_name: null,
      footer_text: null,
      support_email: null,
      hide_powered_by: null,
    });
    try {
      await updatePlatformSettings(as(superadmin), { default_branding: { app_name: "Platform", primary_color: "#123456" } });
      const after = toSettingsView(
        await updatePlatformSettings(as(superadmin), {
          default_max_users: before.default_max_users,
          default_branding: { support_email: "help@platform.example" },
        }),
      );
      expect(after.default_branding).toMatchObject({
        app_name: "Platform",
        primary_color: "#123456",
        support_email: "help@platform.example",
        logo_url: null,
      });
      expect(await platformBranding(handle.db)).toEqual({
        ...BUILT_IN_BRANDING,
        app_name: "Platform",
        primary_color: "#123456",
        support_email: "help@platform.example",
      });

      // An agency's unset fields follow the platform's; its own stay its own.
      const agency = await createAgency(handle.db, { branding: { app_name: "Own name" } });
      expect((await getAgencyBranding(as(superadmin), { id: agency.id })).resolved).toMatchObject({ app_name: "Own name", primary_color: "#123456" });

      await updatePlatformSettings(as(superadmin), { default_branding: { primary_color: null } });
      expect((await platformBranding(handle.db)).primary_color).toBe(BUILT_IN_BRANDING.primary_color);
    } finally {
      await updatePlatformSettings(as(superadmin), { default_branding: { app_name: null, primary_color: null, support_email: null } });
    }
    await expect(updatePlatformSettings(as(adminA), { default_branding: { app_name: "Mine" } })).rejects.toThrow(ForbiddenError);
  });
});

describe("resolving the current branding", () => {
  const resolve = (principal: UserPrincipal | typeof anonymous, host: string | null = "localhost:3000") =>
    resolveBranding(handle.db, { host, principal });

  it("an agency admin wears its agency's brand; an organization member wears the organization's agency's", async () => {
    await updateAgencyBranding(as(superadmin), { id: agencyA.id, branding: { app_name: "Agency A", primary_color: "#aa0000" } });
    expect(await resolve(adminA)).toMatchObject({
      source: "user_agency",
      agencyId: agencyA.id,
      branding: { app_name: "Agency A", primary_color: "#aa0000" },
    });
    expect(await resolve(member)).toMatchObject({ source: "organization_agency", agencyId: agencyA.id, branding: { app_name: "Agency A" } });
  });

  it("a superadmin, a visitor and a member of an organization without an agency see the platform's", async () => {
    const platform = await platformBranding(handle.db);
    const lone = await createUser(handle.db);
    await addOrganizationMember(handle.db, (await createOrganizationRow(handle.db)).id, lone.id);
    for (const principal of [superadmin, anonymous, await principalOf(handle.db, lone)]) {
      expect(await resolve(principal)).toEqual({ branding: platform, source: "platform", agencyId: null });
    }
  });

  it("the host comes first: an organization's subdomain wears its agency's brand, whoever asks", async () => {
    await updateAgencyBranding(as(superadmin), { id: agencyB.id, branding: { app_name: "Agency B" } });
    const orgOfB = await createOrganizationRow(handle.db, { agencyId: agencyB.id });
    for (const principal of [anonymous, adminA, superadmin]) {
      expect(await resolve(principal, `${orgOfB.slug}.localhost:3000`)).toMatchObject({
        source: "subdomain",
        agencyId: agencyB.id,
        branding: { app_name: "Agency B" },
      });
    }
    expect(await resolve(anonymous, `${orgSlug}.LOCALHOST`)).toMatchObject({ source: "subdomain", agencyId: agencyA.id });
    // A host that names nothing falls through to the user.
    expect(await resolve(adminA, "unknown-org.localhost")).toMatchObject({ source: "user_agency", agencyId: agencyA.id });
    expect(await resolve(adminA, "elsewhere.example.com")).toMatchObject({ source: "user_agency", agencyId: agencyA.id });
    expect(await resolve(adminA, null)).toMatchObject({ source: "user_agency" });
  });

  it("never puts a stored value that breaks the rules on a page", async () => {
    const agency = await createAgency(handle.db, {
      branding: { primary_color: "red;}body{background:url(//x)}", logo_url: "javascript:alert(1)", app_name: "Tampered" },
    });
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    const { branding } = await resolve(anonymous, `${org.slug}.localhost`);
    expect(branding).toMatchObject({ app_name: "Tampered", primary_color: BUILT_IN_BRANDING.primary_color, logo_url: null });
  });
});
