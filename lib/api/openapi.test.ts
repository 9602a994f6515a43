import { describe, expect, it } from "vitest";
import { allContracts, openApiDocument } from "./openapi";

describe("the OpenAPI document", () => {
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
  };

  it("describes every route contract", () => {
    for (const c of allContracts) expect(doc.paths[c.path]?.[c.method.toLowerCase()], `${c.method} ${c.path}`).toBeDefined();
  });

  it("shows a body accepted in several shapes as each of them (usage: one event, or a batch)", () => {
    const schema = doc.paths["/api/tenants/organizations/{org_id}/usage"].post.requestBody!.content["application/json"].schema as {
      anyOf?: { properties: Record<string, unknown> }[];
    };
    expect(schema.anyOf?.map((s) => Object.keys(s.properties).sort())).toEqual([
      ["idempotency_key", "metric", "occurred_at", "quantity"],
      ["events"],
    ]);
  });
});
