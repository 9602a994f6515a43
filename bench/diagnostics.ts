// Where the database time goes: EXPLAIN ANALYZE of the statements behind the measured endpoints
// (the SQL drizzle sends for listOrganizations/getOrganization as a superadmin, and the principal lookup).
import { createHash } from "node:crypto";
import type postgres from "postgres";
import type { Measurement } from "./load";
import { SEARCH_TERM } from "./seed-organizations";

export interface Plan {
  label: string;
  sql: string;
  executionMs: number;
  plan: string;
}

const COLUMNS = `"id", "name", "slug", "custom_domain", "status", "status_reason", "agency_id", "plan_id", "external_service_id",
  "enabled_plugins", "plugin_settings", "credit_limit", "storage_limit_gb", "max_users", "bandwidth_limit_gb", "credit_balance",
  "created_at", "updated_at"`;
const ORDER = `order by "organizations"."created_at" desc, "organizations"."id" desc`;
const SEARCH = `("organizations"."name" ilike '%${SEARCH_TERM}%' or "organizations"."slug" ilike '%${SEARCH_TERM}%')`;

export async function explainAll(sql: postgres.Sql, sampleId: string, apiToken: string): Promise<Plan[]> {
  const tokenHash = createHash("sha256").update(apiToken).digest("hex");
  const statements: [string, string][] = [
    ["list, first page: rows", `select ${COLUMNS} from "organizations" ${ORDER} limit 50 offset 0`],
    ["list: count (no filter, superadmin)", `select count(*) from "organizations"`],
    ["list, offset 50000: rows", `select ${COLUMNS} from "organizations" ${ORDER} limit 50 offset 50000`],
    [`list, q=${SEARCH_TERM}: rows`, `select ${COLUMNS} from "organizations" where ${SEARCH} ${ORDER} limit 50 offset 0`],
    [`list, q=${SEARCH_TERM}: count`, `select count(*) from "organizations" where ${SEARCH}`],
    ["get by id", `select ${COLUMNS} from "organizations" where "organizations"."id" = '${sampleId}'`],
    [
      "principal (personal token)",
      `select u.id, u.email, u.name, u.is_superadmin,
  coalesce((select json_agg(json_build_object('id', am.agency_id, 'role', am.role, 'status', a.status))
            from agency_members am join agencies a on a.id = am.agency_id where am.user_id = u.id), '[]'::json) as agencies,
  coalesce((select json_agg(json_build_object('id', om.organization_id, 'role', om.role))
            from organization_members om where om.user_id = u.id), '[]'::json) as organizations,
  t.id as token_id, t.last_used_at as token_last_used_at
from api_tokens t join users u on u.id = t.user_id
where t.token_hash = '${tokenHash}' and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.status = 'active'`,
    ],
  ];
  const plans: Plan[] = [];
  for (const [label, text] of statements) {
    await sql.unsafe(`explain analyze ${text}`); // warm the cache; the second run is the one reported
    const rows = await sql.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${text}`);
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    plans.push({ label, sql: text, executionMs, plan });
  }
  return plans;
}

export function plansConsole(plans: Plan[]): string {
  const width = Math.max(...plans.map((p) => p.label.length));
  return plans.map((p) => `  ${p.label.padEnd(width)}  ${p.executionMs.toFixed(2).padStart(8)} ms`).join("\n");
}

export function plansMarkdown(plans: Plan[]): string {
  return plans.map((p) => `#### ${p.label}: ${p.executionMs.toFixed(2)} ms\n\n\`\`\`\n${p.plan}\n\`\`\``).join("\n\n");
}

export function statementsMarkdown(all: Measurement[]): string {
  return all
    .filter((m) => m.statements.length > 0)
    .map((m) => {
      const lines = m.statements.map(
        (s) => `| ${s.callsPerReq.toFixed(2)} | ${s.meanMs.toFixed(3)} | ${s.rows.toFixed(1)} | \`${s.query.slice(0, 220).replace(/\|/g, "\\|")}${s.query.length > 220 ? "…" : ""}\` |`,
      );
      return `#### ${m.scenario.label}\n\n| calls/req | mean ms | rows/call | statement |\n| ---: | ---: | ---: | --- |\n${lines.join("\n")}`;
    })
    .join("\n\n");
}
