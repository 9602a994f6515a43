// A daily series as an SVG bar chart, rendered on the server: no chart library, no client script.
// Each bar carries a <title>, so hovering it (or a screen reader) gives the day and the value.
import { Card } from "./ui";

interface DailyPoint {
  date: string;
  value: number;
}

const WIDTH = 600;
const HEIGHT = 140;
const GAP = 2;

export function DailyChart({ title, points, format }: { title: string; points: DailyPoint[]; format: (n: number) => string }) {
  const max = Math.max(0, ...points.map((p) => p.value));
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const barWidth = WIDTH / Math.max(points.length, 1);
  return (
    <Card className="p-5">
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
        <span className="text-xs text-slate-500">peak {format(max)} a day</span>
      </div>
      {max === 0 ? (
        <p className="mt-4 flex h-[140px] items-center justify-center rounded bg-slate-50 text-sm text-slate-500">
          Nothing reported in these {points.length} days.
        </p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="mt-4 h-[140px] w-full"
          role="img"
          aria-label={`${title}: ${format(total)} over ${points.length} days`}
        >
          <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-slate-200" />
          {points.map((p, i) => {
            const height = p.value === 0 ? 0 : Math.max(2, (p.value / max) * (HEIGHT - 4));
            return (
              <rect
                key={p.date}
                data-date={p.date}
                x={i * barWidth + GAP / 2}
                y={HEIGHT - height}
                width={barWidth - GAP}
                height={height}
                rx="1.5"
                className="fill-brand"
              >
                <title>{`${p.date}: ${format(p.value)}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
      <div className="mt-1 flex justify-between text-[11px] text-slate-400">
        <span>{points[0]?.date}</span>
        <span>{points.at(-1)?.date}</span>
      </div>
    </Card>
  );
}
