// Host resolution: verified console and custom domains, {slug}.{ROOT_DOMAIN}, and what resolves to nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { domains, type DomainClaim } from "@/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { createAgency, createOrganizationRow, unique } from "@/lib/testing/factories";
import { normalizeHost, subdomainSlug } from "./host-names";
import { agencyForHost } from "./resolve-host";

const ROOT = "root.test";
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

async function claim(values: Omit<typeof domains.$inferInsert, "token">): Promise<DomainClaim> {
  const [row] = await handle.db
    .insert(domains)
    .values({ token: unique("token"), ...values })
    .returning();
  return row;
}

describe("normalizeHost", () => {
  it("lowercases, strips the port and trailing dots", () => {
    expect(normalizeHost("App.Example.COM")).toBe("app.example.com");
    expect(normalizeHost("app.example.com:3000")).toBe("app.example.com");
    expect(normalizeHost("app.example.com.")).toBe("app.example.com");
    expect(normalizeHost(" APP.example.com.:8080 ")).toBe("app.example.com");
    expect(normalizeHost("localhost:3000")).toBe("localhost");
    expect(normalizeHost("[::1]:3000")).toBe("[::1]");
  });

  it("refuses what is not a host name", () => {
    for (const bad of ["", "   ", null, undefined, ":3000", "a..b", "exa mple.com", "evil.com/path", "a_b.com@x", "[::1"])
      expect(normalizeHost(bad), String(bad)).toBeNull();
  });

  it("finds the slug of a direct subdomain only", () => {
    expect(subdomainSlug("acme.root.test", "Root.Test")).toBe("acme");
    expect(subdomainSlug("a.acme.root.test", ROOT)).toBeNull();
    expect(subdomainSlug("root.test", ROOT)).toBeNull();
    expect(subdomainSlug("acmeroot.test", ROOT)).toBeNull();
  });
});

describe("agencyForHost", () => {
  it("resolves an agency's verified console domain, whatever the host's case, port or trailing dot", async () => {
    const agency = await createAgency(handle.db);
    const domain = `${unique("console")}.example.com`;
    await claim({ domain, kind: "console_domain", agencyId: agency.id, status: "verified" });
    expect(await agencyForHost(handle.db, domain, ROOT)).toEqual({ agencyId: agency.id, via: "console_domain" });
    expect(await agencyForHost(handle.db, `${domain.toUpperCase()}.:443`, ROOT)).toEqual({ agencyId: agency.id, via: "console_domain" });
  });

  it("ignores pending and failed claims", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    const pending = `${unique("pending")}.example.com`;
    const failed = `${unique("failed")}.example.com`;
    await claim({ domain: pending, kind: "console_domain", agencyId: agency.id, status: "pending" });
    await claim({ domain: failed, kind: "custom_domain", organizationId: org.id, status: "failed", failureReason: "No TXT record" });
    expect(await agencyForHost(handle.db, pending, ROOT)).toBeNull();
    expect(await agencyForHost(handle.db, failed, ROOT)).toBeNull();
  });

  it("resolves an organization's verified custom domain to its agency", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    const domain = `${unique("shop")}.example.org`;
    await claim({ domain, kind: "custom_domain", organizationId: org.id, status: "verified" });
    expect(await agencyForHost(handle.db, `${domain}:8080`, ROOT)).toEqual({ agencyId: agency.id, via: "custom_domain", organizationId: org.id });
  });

  it("resolves {slug}.{ROOT_DOMAIN} to the organization's agency", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    expect(await agencyForHost(handle.db, `${org.slug}.${ROOT}`, ROOT)).toEqual({ agencyId: agency.id, via: "subdomain", organizationId: org.id });
    expect(await agencyForHost(handle.db, `${org.slug.toUpperCase()}.ROOT.TEST.:3000`, ROOT)).toEqual({
      agencyId: agency.id,
      via: "subdomain",
      organizationId: org.id,
    });
  });

  it("is null for an organization without an agency, on its subdomain or its custom domain", async () => {
    const org = await createOrganizationRow(handle.db);
    const domain = `${unique("platform")}.example.org`;
    await claim({ domain, kind: "custom_domain", organizationId: org.id, status: "verified" });
    expect(await agencyForHost(handle.db, `${org.slug}.${ROOT}`, ROOT)).toBeNull();
    expect(await agencyForHost(handle.db, domain, ROOT)).toBeNull();
  });

  it("is null for unknown hosts, the root domain itself, nested subdomains and malformed hosts", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
    for (const host of [
      `${unique("nobody")}.example.net`,
      ROOT,
      `www.${org.slug}.${ROOT}`,
      `${unique("missing")}.${ROOT}`,
      "localhost:3000",
      "",
      "bad host",
    ]) {
      expect(await agencyForHost(handle.db, host, ROOT), host).toBeNull();
    }
  });
});
