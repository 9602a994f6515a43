import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientIpFrom, requestIdFrom, requestMeta } from "./request-meta";

const SOCKET = "10.0.0.2"; // the address of whoever opened the connection (the last proxy, or the client)

describe("clientIpFrom", () => {
  it("with TRUST_PROXY 0 uses the connection's address and ignores X-Forwarded-For", () => {
    expect(clientIpFrom(SOCKET, "203.0.113.9", 0)).toBe(SOCKET);
    expect(clientIpFrom(SOCKET, "203.0.113.9, 198.51.100.4", 0)).toBe(SOCKET);
  });

  it("with TRUST_PROXY 1 takes the right-most X-Forwarded-For entry", () => {
    expect(clientIpFrom(SOCKET, "203.0.113.9", 1)).toBe("203.0.113.9");
    // The client wrote the first entry itself; only the one our proxy appended counts.
    expect(clientIpFrom(SOCKET, "1.2.3.4, 203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("with TRUST_PROXY 2 takes the entry before the right-most", () => {
    expect(clientIpFrom(SOCKET, "1.2.3.4, 203.0.113.9, 198.51.100.4", 2)).toBe("203.0.113.9");
  });

  it("falls back to the left-most entry when more hops are trusted than there are entries", () => {
    expect(clientIpFrom(SOCKET, "203.0.113.9, 198.51.100.4", 5)).toBe("203.0.113.9");
  });

  it("uses the connection's address when a trusted proxy sent no X-Forwarded-For", () => {
    expect(clientIpFrom(SOCKET, null, 1)).toBe(SOCKET);
    expect(clientIpFrom(SOCKET, "", 1)).toBe(SOCKET);
  });

  it("unwraps IPv4-mapped IPv6 addresses and keeps plain IPv6 ones", () => {
    expect(clientIpFrom("::ffff:10.0.0.2", null, 0)).toBe("10.0.0.2");
    expect(clientIpFrom(SOCKET, "::ffff:203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientIpFrom("2001:db8::1", null, 0)).toBe("2001:db8::1");
    expect(clientIpFrom(SOCKET, "2001:db8::7", 1)).toBe("2001:db8::7");
  });

  it("ignores empty entries and spaces in the list", () => {
    expect(clientIpFrom(SOCKET, " , 203.0.113.9 ,, ", 1)).toBe("203.0.113.9");
  });

  it.each(["<script>alert(1)</script>", "unknown", "203.0.113.9:4711", "999.1.1.1", "203.0.113.9; drop table users", "::ffff:nope"])(
    "never answers the garbage entry %j, but the connection's address",
    (garbage) => {
      expect(clientIpFrom(SOCKET, garbage, 1)).toBe(SOCKET);
    },
  );

  it("answers null when there is no valid address at all", () => {
    expect(clientIpFrom("not-an-ip", null, 0)).toBeNull();
    expect(clientIpFrom(null, "garbage", 1)).toBeNull();
    expect(clientIpFrom(undefined, undefined, 0)).toBeNull();
  });
});

describe("requestIdFrom", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it.each(["3f0e8c1a-7d4b-4e1a-9a55-0c7d2b7e5b10", "req_01HZX3K9ABCD", "trace:span.1234-5678", "a".repeat(128)])("keeps the sane id %s", (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ["a line break", "abcdefgh\r\nSet-Cookie: x=1"],
    ["spaces", "abc defgh ijk"],
    ["markup", "<script>alert(1)</script>"],
    ["a JSON fragment", '","level":"error'],
    ["too short", "abc"],
    ["too long", "a".repeat(129)],
    ["empty", ""],
  ])("replaces an id with %s by a fresh uuid", (_, hostile) => {
    const id = requestIdFrom(hostile);
    expect(id).not.toBe(hostile);
    expect(id).toMatch(UUID);
  });

  it("makes a fresh id for each request without one", () => {
    const [a, b] = [requestIdFrom(null), requestIdFrom(undefined)];
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });
});

describe("requestMeta", () => {
  it("takes the client ip that the server recorded, the request id and the user agent", () => {
    const meta = requestMeta(
      new Headers({ [CLIENT_IP_HEADER]: "198.51.100.23", "x-forwarded-for": "1.2.3.4", "x-request-id": "req-12345678", "user-agent": "curl/8" }),
    );
    expect(meta).toEqual({ requestId: "req-12345678", ip: "198.51.100.23", userAgent: "curl/8" });
  });
});
