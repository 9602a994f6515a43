import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, StatusBadge, formatDateTime, inputClass } from "@/components/ui";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { ListUsersQuery, listUsers } from "@/lib/users/users";
import { NewUserForm } from "./new-user-form";
import { DataTable } from "@/components/data-table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const raw = await searchParams;
  const query = listQueryFromUrl(ListUsersQuery, { limit: 25, offset: raw.offset, q: raw.q || undefined }, { limit: 25 });
  const page = await listUsers(ctx, query);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in. Find an agency's future owner here, or invite one." />
      <NewUserForm />
      <Card className="mt-6">
        <form className="flex gap-3 border-b border-slate-200 p-4" role="search">
          <label className="sr-only" htmlFor="user-q">
            Search by email or name
          </label>
          <input id="user-q" name="q" defaultValue={query.q} placeholder="Search by email or name" className={`${inputClass} max-w-xs`} />
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Search
          </button>
          {query.q && (
            <Link href="/users" className="self-center text-sm text-brand hover:underline">
              Clear
            </Link>
          )}
        </form>
        {page.data.length === 0 ? (
          <EmptyState title={query.q ? "No user matches this search." : "No users yet."} />
        ) : (
          <DataTable columns={["Id", "Name", "Email", "Status", "Created"]}>
            {page.data.map((u) => (
              <tr key={u.id}>
                <td className="px-4 py-3 font-mono text-xs">#{u.id}</td>
                <td className="px-4 py-3 font-medium">
                  {u.name}
                  {u.isSuperadmin && <span className="ml-2 text-xs text-slate-500">superadmin</span>}
                </td>
                <td className="px-4 py-3">{u.email}</td>
                <td className="px-4 py-3">
                  <StatusBadge status={u.status === "active" ? "active" : "cancelled"} />
                </td>
                <td className="px-4 py-3 text-slate-600">{formatDateTime(u.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination basePath="/users" params={{ q: query.q }} total={page.total} limit={page.limit} offset={page.offset} />
      </Card>
    </>
  );
}
