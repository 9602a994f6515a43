// The TXT lookup against a real DNS server on loopback: each way a check can succeed or fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDnsServer, startDnsServer } from "@/lib/testing/dns-server";
import { checkChallenge, challengeRecordName } from "./dns-challenge";

let dns: TestDnsServer;
const options = () => ({ servers: [dns.address], timeoutMs: 300, tries: 1 });

beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(async () => dns?.close());

describe("checkChallenge", () => {
  it("passes when one TXT record holds exactly the token, whatever the others and the name's case", async () => {
    dns.set(challengeRecordName("ok.example.com"), ["v=spf1 -all", "token-123"]);
    expect(await checkChallenge("ok.example.com", "token-123", options())).toEqual({ ok: true });
    dns.set("_CP-Challenge.Mixed.Example.com", ["token-abc"]);
    expect(await checkChallenge("mixed.example.com", "token-abc", options())).toEqual({ ok: true });
  });

  it("joins a long value's 255-byte chunks into one record", async () => {
    const long = "t".repeat(300);
    dns.set(challengeRecordName("long.example.com"), [long]);
    expect(await checkChallenge("long.example.com", long, options())).toEqual({ ok: true });
  });

  it("fails with the reason: NXDOMAIN, no TXT record, another value, SERVFAIL, timeout, unreachable server", async () => {
    expect(await checkChallenge("missing.example.com", "x", options())).toEqual({
      ok: false,
      reason: "_cp-challenge.missing.example.com does not exist (NXDOMAIN).",
    });

    dns.set(challengeRecordName("empty.example.com"), []);
    expect(await checkChallenge("empty.example.com", "x", options())).toEqual({
      ok: false,
      reason: "_cp-challenge.empty.example.com has no TXT record.",
    });

    dns.set(challengeRecordName("other.example.com"), ["not-the-token", "x-but-longer"]);
    expect(await checkChallenge("other.example.com", "x", options())).toEqual({
      ok: false,
      reason: "No TXT record at _cp-challenge.other.example.com matches the token (found 2 other values).",
    });

    dns.set(challengeRecordName("broken.example.com"), "servfail");
    expect(await checkChallenge("broken.example.com", "x", options())).toEqual({ ok: false, reason: expect.stringContaining("(SERVFAIL)") });

    dns.set(challengeRecordName("silent.example.com"), "timeout");
    expect(await checkChallenge("silent.example.com", "x", options())).toEqual({
      ok: false,
      reason: "The DNS query for _cp-challenge.silent.example.com timed out.",
    });

    const closed = await startDnsServer();
    await closed.close();
    expect(await checkChallenge("ok.example.com", "token-123", { ...options(), servers: [closed.address] })).toEqual({
      ok: false,
      reason: "The DNS server could not be reached (connection refused).",
    });
  });
});
