"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  href: string;
  label: string;
  /** A count shown beside the label (e.g. pending registrations). */
  badge?: number;
}

export function ConsoleNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The most specific item wins: on /agencies/3/branding, "Branding" is current, not "My agency".
  const current = items
    .filter((item) => pathname === item.href || pathname.startsWith(item.href + "/"))
    .reduce<NavItem | null>((best, item) => (!best || item.href.length > best.href.length ? item : best), null);
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map((item) => {
        const active = item === current;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-white/10 text-white" : "text-slate-300 hover:bg-white/5 hover:text-white"}`}
          >
            <span className="flex items-center justify-between">
              {item.label}
              {item.badge ? (
                <span className="rounded-full bg-brand px-2 py-0.5 text-xs font-semibold text-white" aria-label={`${item.badge} pending`}>
                  {item.badge}
                </span>
              ) : null}
            </span>
          </Link>
        );
      })}
    </nav>
  );
}
