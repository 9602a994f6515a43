import Link from "next/link";
import { BrandFooter, BrandMark } from "@/components/brand";
import { ConsoleNav, type NavItem } from "@/components/console-nav";
import { NotificationBell } from "@/components/notification-bell";
import { SignOutButton } from "@/components/sign-out-button";
import { lockedOutReason, type UserPrincipal } from "@/lib/auth/principal";
import { LockedOut } from "@/components/locked-out";
import { pageContext } from "@/lib/next/session";
import { currentBranding } from "@/lib/next/current-branding";
import { registrationCounts } from "./registration-counts";
import { canReadAuditTrail } from "@/lib/audit/audit-logs";

export const dynamic = "force-dynamic";

function navFor(principal: UserPrincipal, pendingRegistrations: number): NavItem[] {
  const items: NavItem[] = [];
  if (principal.isSuperadmin) items.push({ href: "/registrations", label: "Registrations", badge: pendingRegistrations || undefined });
  items.push({ href: "/organizations", label: principal.isSuperadmin || principal.agencies.length ? "Organizations" : "My organization" });
  if (principal.isSuperadmin) {
    items.push(
      { href: "/agencies", label: "Agencies" },
      { href: "/partner-groups", label: "Partner groups" },
      { href: "/users", label: "Users" },
      { href: "/outbox", label: "Outbox" },
      { href: "/settings", label: "Settings" },
    );
  } else if (principal.agencies.length === 1) {
    items.push(
      { href: `/agencies/${principal.agencies[0].id}`, label: "My agency" },
      { href: `/agencies/${principal.agencies[0].id}/branding`, label: "Branding" },
    );
  } else if (principal.agencies.length > 1) {
    items.push({ href: "/agencies", label: "My agencies" });
  }
  // The audit trail is for those who answer for something: superadmins, agency admins, organization owners.
  if (canReadAuditTrail(principal)) items.push({ href: "/audit", label: "Audit log" });
  items.push({ href: "/tokens", label: "API tokens" });
  items.push({ href: "/docs/api", label: "API reference" });
  return items;
}

function roleLabel(principal: UserPrincipal): string {
  if (principal.isSuperadmin) return "Superadmin";
  if (principal.agencies.length) return "Agency admin";
  if (principal.organizations.length) return "Organization member";
  return "User";
}

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const ctx = await pageContext();
  const { principal } = ctx;
  const lockedOut = lockedOutReason(principal);
  const [pending, { branding }] = await Promise.all([
    principal.isSuperadmin ? registrationCounts().then((c) => c.pending_approval) : 0,
    currentBranding(),
  ]);
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-60 shrink-0 flex-col bg-brand-dark px-4 py-6 md:flex">
        <div className="mb-8 flex items-center justify-between gap-2">
          <Link href="/organizations" className="flex min-w-0 items-center gap-2 px-2 text-white" data-testid="brand-home">
            <BrandMark branding={branding} />
            <span className="truncate font-semibold">{branding.app_name}</span>
          </Link>
          {lockedOut ? null : <NotificationBell />}
        </div>
        <ConsoleNav items={navFor(principal, pending)} />
        <div className="mt-auto border-t border-white/10 px-2 pt-4">
          <p className="truncate text-sm font-medium text-white" data-testid="current-user">
            {principal.email}
          </p>
          <p className="mb-3 text-xs text-slate-400">{roleLabel(principal)}</p>
          <SignOutButton />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between bg-brand-dark px-4 py-3 md:hidden">
          <span className="flex min-w-0 items-center gap-2 font-semibold text-white">
            <BrandMark branding={branding} />
            <span className="truncate">{branding.app_name}</span>
          </span>
          <SignOutButton />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-8">{lockedOut ? <LockedOut message={lockedOut} /> : children}</main>
        <BrandFooter branding={branding} className="px-4 pb-6" />
      </div>
    </div>
  );
}
