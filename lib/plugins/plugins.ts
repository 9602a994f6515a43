// The plugin catalog and the plugins enabled for an organization.
import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { plugins, type Plugin } from "@/db/schema";
import { type ServiceContext, requireUser } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { getOrganization, myOrganization } from "@/lib/organizations/organizations";

export const PluginView = z.object({ key: z.string(), name: z.string(), description: z.string() });
export type PluginView = z.infer<typeof PluginView>;

export function toPluginView(p: Plugin): PluginView {
  return { key: p.key, name: p.name, description: p.description };
}

export async function pluginCatalog(db: Db): Promise<Plugin[]> {
  return db.select().from(plugins).orderBy(asc(plugins.position), asc(plugins.key));
}

export async function listAvailablePlugins(ctx: ServiceContext): Promise<Plugin[]> {
  requireUser(ctx);
  return pluginCatalog(ctx.db);
}

/** Refuses keys that are not in the catalog, naming each; returns the keys de-duplicated. */
export async function assertCatalogKeys(db: Db, keys: string[]): Promise<string[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const known = new Set((await db.select({ key: plugins.key }).from(plugins).where(inArray(plugins.key, wanted))).map((p) => p.key));
  const unknown = wanted.filter((k) => !known.has(k));
  if (unknown.length) {
    throw new ValidationError({ enabled_plugins: unknown.map((k) => `The selected plugin "${k}" is not in the plugin catalog.`) });
  }
  return wanted;
}

async function enabledIn(db: Db, keys: string[]): Promise<Plugin[]> {
  if (keys.length === 0) return [];
  return db.select().from(plugins).where(inArray(plugins.key, keys)).orderBy(asc(plugins.position));
}

export async function organizationPlugins(ctx: ServiceContext, input: { id: string }): Promise<Plugin[]> {
  const org = await getOrganization(ctx, input);
  return enabledIn(ctx.db, org.enabledPlugins);
}

/** The signed-in user's organization's plugins; a superadmin gets the whole catalog. */
export async function myOrganizationPlugins(ctx: ServiceContext): Promise<Plugin[]> {
  const user = requireUser(ctx);
  if (user.isSuperadmin) return pluginCatalog(ctx.db);
  const org = await myOrganization(ctx);
  return enabledIn(ctx.db, org.enabledPlugins);
}
