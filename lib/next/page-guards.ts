// Page-level guards for server components: the service calls enforce the same rules; these only
// choose what a page shows (404 rather than an error screen for pages outside one's role).
import { notFound } from "next/navigation";
import type { UserPrincipal } from "@/lib/auth/principal";

export function requireSuperadminPage(principal: UserPrincipal): void {
  if (!principal.isSuperadmin) notFound();
}
