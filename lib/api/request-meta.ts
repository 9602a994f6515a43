// Request id and client ip, as the server (scripts/server.ts) recorded them.
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { config } from "@/lib/config";

/** Set by scripts/server.ts from the socket; any value a client sends is overwritten there. */
export const CLIENT_IP_HEADER = "x-cp-client-ip";
export const REQUEST_ID_HEADER = "x-request-id";

interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a caller's request id when it is sane (for tracing across services), else makes one. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
}

/**
 * The client's address following TRUST_PROXY, as Express's `trust proxy` does: with 0 the socket's
 * address; with n, the entry n places from the right of [...X-Forwarded-For, socket address].
 */
export function clientIpFrom(
  socketAddress: string | null | undefined,
  forwardedFor: string | null | undefined,
  trustProxy = config().TRUST_PROXY,
): string | null {
  const socket = normalizeIp(socketAddress);
  if (trustProxy === 0) return socket;
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (socket) chain.push(socket);
  const index = chain.length - 1 - trustProxy;
  const candidate = normalizeIp(chain[Math.max(index, 0)]);
  return candidate ?? socket;
}

function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const bare = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  return isIP(bare) ? bare : null;
}

export function requestMeta(headers: Headers): RequestMeta {
  return {
    requestId: requestIdFrom(headers.get(REQUEST_ID_HEADER)),
    // Without our server in front (a bare `next dev`), fall back to the forwarded chain.
    ip: headers.get(CLIENT_IP_HEADER) ?? clientIpFrom(null, headers.get("x-forwarded-for"), Math.max(config().TRUST_PROXY, 1)),
    userAgent: headers.get("user-agent"),
  };
}
