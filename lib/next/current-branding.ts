// The branding of the page being rendered, resolved once per render from the request's Host and the
// signed-in user. Pages are dynamic, so a brand change shows on the next page load for everyone.
import { cache } from "react";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { anonymous } from "@/lib/auth/principal";
import { currentPrincipal } from "./session";
import { type ResolvedBranding, resolveBranding } from "@/lib/branding/resolve-branding";

export const currentBranding = cache(async (): Promise<ResolvedBranding> => {
  const [headerList, principal] = await Promise.all([headers(), currentPrincipal()]);
  return resolveBranding(await getDb(), { host: headerList.get("host"), principal: principal ?? anonymous });
});
