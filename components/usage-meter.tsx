// One limit of an organization: how much of it this month's usage takes, as a labelled progress bar.
import { Card } from "./ui";

interface Measure {
  used: number;
  limit: number | null;
  percent: number | null;
}

/** Green below 80%, amber from 80%, red at or past the limit: the thresholds that notify owners. */
function barColor(percent: number): string {
  if (percent >= 100) return "bg-red-600";
  if (percent >= 80) return "bg-amber-500";
  return "bg-emerald-600";
}

export function UsageMeter({
  title,
  measure,
  format,
  footnote,
}: {
  title: string;
  measure: Measure;
  format: (n: number) => string;
  footnote?: string;
}) {
  const { used, limit, percent } = measure;
  const id = `meter-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <Card className="p-5">
      <div className="flex items-baseline justify-between gap-2">
        <h3 id={id} className="text-sm font-semibold text-slate-700">
          {title}
        </h3>
        <span className="text-xs tabular-nums text-slate-500">{percent === null ? "No limit" : `${percent}%`}</span>
      </div>
      <p className="mt-2 text-lg font-semibold tabular-nums">
        {format(used)}
        <span className="text-sm font-normal text-slate-500"> {limit === null ? "used, unlimited" : `of ${format(limit)}`}</span>
      </p>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent === null ? undefined : Math.min(percent, 100)}
        aria-valuetext={percent === null ? `${format(used)} used, no limit` : `${percent}% of the limit used`}
        className="mt-3 h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        {percent !== null && <div className={`h-full rounded-full ${barColor(percent)}`} style={{ width: `${Math.min(percent, 100)}%` }} />}
      </div>
      {footnote && <p className="mt-2 text-xs text-slate-500">{footnote}</p>}
    </Card>
  );
}

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** 1536 -> "1.5 KB" (units of 1024, as the GB limits are). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, "")} ${UNITS[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
