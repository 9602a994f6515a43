// The console's own addresses: the sections behind a session (proxy.ts sends visitors without one to sign
// in) and every first path segment the console keeps on a tenant's host, which a site page cannot take.

/** The console's signed-in sections, by their first path segment. */
export const CONSOLE_SECTIONS = [
  "organizations",
  "tokens",
  "registrations",
  "settings",
  "agencies",
  "partner-groups",
  "users",
  "audit",
  "notifications",
  "outbox",
] as const;

/** First path segments the console answers on any host: its sections, signing in, the API, the sites. */
export const CONSOLE_SEGMENTS: ReadonlySet<string> = new Set([...CONSOLE_SECTIONS, "admin", "api", "login", "register", "set-password", "sites"]);

/** A console section's page, or the console's home ("/"). */
export function isConsolePage(pathname: string): boolean {
  if (pathname === "/") return true;
  const first = pathname.split("/")[1] ?? "";
  return (CONSOLE_SECTIONS as readonly string[]).includes(first);
}
