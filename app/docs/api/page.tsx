import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference" };

type Operation = ReturnType<typeof openApiDocument>["paths"][string][string] & {
  summary: string;
  description?: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security: unknown[];
};

const METHOD_COLORS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

function Schema({ schema }: { schema: unknown }) {
  return <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{JSON.stringify(schema, null, 2)}</pre>;
}

/** A browsable rendering of /api/openapi.json, grouped by tag. */
export default function ApiReferencePage() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  const tags = [...new Set(operations.flatMap((o) => o.op.tags))];

  return (
    <div className="mx-auto max-w-5xl px-4 py-10 sm:px-8">
      <header className="mb-8">
        <p className="text-sm">
          <Link href="/organizations" className="text-brand hover:underline">
            ← Console
          </Link>
        </p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">{doc.info.title}</h1>
        <p className="mt-2 text-slate-600">{doc.info.description}</p>
        <p className="mt-2 text-sm text-slate-600">
          Machine-readable:{" "}
          <a className="text-brand hover:underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}). Authenticate with <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code> or{" "}
          <code className="rounded bg-slate-100 px-1">Authorization: JWT &lt;token&gt;</code>.
        </p>
        <nav aria-label="Sections" className="mt-4 flex flex-wrap gap-2">
          {tags.map((tag) => (
            <a
              key={tag}
              href={`#${tag.replace(/\s+/g, "-").toLowerCase()}`}
              className="rounded-full bg-white px-3 py-1 text-sm ring-1 ring-slate-200 hover:ring-brand"
            >
              {tag}
            </a>
          ))}
        </nav>
      </header>
      {tags.map((tag) => (
        <section key={tag} id={tag.replace(/\s+/g, "-").toLowerCase()} className="mb-10">
          <h2 className="mb-4 text-xl font-semibold">{tag}</h2>
          <div className="space-y-3">
            {operations
              .filter((o) => o.op.tags.includes(tag))
              .map(({ path, method, op }) => (
                <details key={`${method} ${path}`} className="group rounded-lg border border-slate-200 bg-white shadow-sm">
                  <summary className="flex cursor-pointer items-center gap-3 px-4 py-3">
                    <span className={`w-16 rounded px-2 py-0.5 text-center text-xs font-bold uppercase ${METHOD_COLORS[method] ?? ""}`}>
                      {method}
                    </span>
                    <code className="text-sm font-medium">{path}</code>
                    <span className="ml-auto hidden text-sm text-slate-500 sm:block">{op.summary}</span>
                  </summary>
                  <div className="space-y-4 border-t border-slate-100 px-4 py-4 text-sm">
                    <p>{op.summary}</p>
                    {op.description && <p className="text-slate-600">{op.description}</p>}
                    <p className="text-slate-600">{op.security.length ? "Requires authentication." : "No authentication needed."}</p>
                    {op.parameters.length > 0 && (
                      <div>
                        <h3 className="mb-2 font-semibold">Parameters</h3>
                        <ul className="space-y-1">
                          {op.parameters.map((p) => (
                            <li key={`${p.in}-${p.name}`}>
                              <code>{p.name}</code>{" "}
                              <span className="text-slate-500">
                                ({p.in}
                                {p.required ? ", required" : ""})
                              </span>{" "}
                              <code className="text-xs text-slate-500">{JSON.stringify(p.schema)}</code>
                            </li>
                          ))}
                        </ul>
                      </div>
                    )}
                    {op.requestBody && (
                      <div>
                        <h3 className="mb-2 font-semibold">Request body</h3>
                        <Schema schema={Object.values(op.requestBody.content)[0]?.schema} />
                      </div>
                    )}
                    <div>
                      <h3 className="mb-2 font-semibold">Responses</h3>
                      <ul className="space-y-3">
                        {Object.entries(op.responses).map(([status, response]) => (
                          <li key={status}>
                            <span className="font-mono font-semibold">{status}</span> {response.description}
                            {status.startsWith("2") && response.content && (
                              <div className="mt-2">
                                <Schema schema={Object.values(response.content)[0]?.schema} />
                              </div>
                            )}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </div>
                </details>
              ))}
          </div>
        </section>
      ))}
    </div>
  );
}
