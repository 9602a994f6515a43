// The console's table frame: one look for every list (header row, dividers, horizontal scroll).
import type { ReactNode } from "react";

interface Column {
  label: string;
  align?: "right";
  /** A column without a visible heading (row actions); the label stays for screen readers. */
  hidden?: boolean;
}

export function DataTable({ columns, children }: { columns: (string | Column)[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => {
              const column = typeof c === "string" ? { label: c } : c;
              return (
                <th key={column.label} scope="col" className={`px-4 py-3 ${column.align === "right" ? "text-right" : ""}`}>
                  {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
