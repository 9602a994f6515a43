// Host names as requests carry them, read without the database: what the proxy routes by, and what
// the host's agency lookup (resolve-host.ts) starts from.

/**
 * A Host header as a bare lowercase name: no port, no trailing dot. IPv6 literals keep their
 * brackets. Null for an empty or malformed host.
 */
export function normalizeHost(host: string | null | undefined): string | null {
  let name = (host ?? "").trim().toLowerCase();
  if (name.startsWith("[")) {
    const end = name.indexOf("]");
    return end > 0 ? name.slice(0, end + 1) : null;
  }
  name = name.replace(/:\d*$/, "").replace(/\.+$/, "");
  if (!name || !/^[a-z0-9.-]+$/.test(name) || name.includes("..")) return null;
  return name;
}

/** The slug when the host is exactly {slug}.{rootDomain}, else null. */
export function subdomainSlug(host: string, rootDomain: string): string | null {
  const root = normalizeHost(rootDomain);
  if (!root || !host.endsWith(`.${root}`)) return null;
  const slug = host.slice(0, -(root.length + 1));
  return slug && !slug.includes(".") ? slug : null;
}
