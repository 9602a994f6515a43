// Calls a route handler the way Next would, without an HTTP server: for route tests of the platform API.
import { NextRequest } from "next/server";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { TokenScope } from "@/lib/auth/principal";
import { contextFor, createUser, principalOf, unique } from "./factories";

export type RouteHandler = (req: NextRequest, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteCall {
  method?: string;
  /** A bearer token; null or undefined sends none. */
  token?: string | null;
  /** The client ip, as scripts/server.ts records it (rate limits count per ip). */
  ip?: string;
  body?: unknown;
  params?: Record<string, string>;
  /** More request headers (Idempotency-Key, ...). */
  headers?: Record<string, string>;
}

export interface RouteAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every platform API answer is JSON, errors included; the call asserts it. */
export async function callJsonRoute(
  handler: RouteHandler,
  path: string,
  { method = "GET", token, ip, body, params = {}, headers: extra = {} }: RouteCall = {},
): Promise<RouteAnswer> {
  const headers: Record<string, string> = { host: "localhost:3000", ...extra };
  if (ip) headers["x-cp-client-ip"] = ip;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(`http://localhost:3000${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  expect(res.headers.get("content-type")).toBe("application/json");
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export async function personalTokenFor(db: Db, user: User, scopes?: TokenScope[]): Promise<string> {
  const ctx = contextFor(db, await principalOf(db, user));
  return (await createApiToken(ctx, { name: unique("token"), scopes })).token;
}

/** A personal API token of a new superadmin. */
export async function superadminToken(db: Db): Promise<string> {
  return personalTokenFor(db, await createUser(db, { isSuperadmin: true }));
}
