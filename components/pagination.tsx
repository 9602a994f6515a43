import Link from "next/link";

/**
 * Previous/next links that keep the page's other query parameters. `offsetParam` names the offset in the
 * URL (a page with two lists pages each under its own name).
 */
export function Pagination({
  basePath,
  params,
  total,
  limit,
  offset,
  offsetParam = "offset",
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  total: number;
  limit: number;
  offset: number;
  offsetParam?: string;
}) {
  const href = (newOffset: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...params, [offsetParam]: newOffset ? String(newOffset) : undefined }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    const qs = query.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
      <span>
        {from}–{to} of {total.toLocaleString("en-US")}
      </span>
      <div className="flex gap-2">
        {offset > 0 ? (
          <Link className={linkClass} href={href(Math.max(0, offset - limit))}>
            Previous
          </Link>
        ) : null}
        {offset + limit < total ? (
          <Link className={linkClass} href={href(offset + limit)}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
