import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultOpenOptions } from "@/db";
import { config, resetConfigForTests } from "./config";

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfigForTests();
});

function withEnv(env: Record<string, string>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetConfigForTests();
}

describe("DATABASE_POOL_SIZE", () => {
  it("sizes the PostgreSQL pool, 10 connections when unset or empty", () => {
    withEnv({ DATABASE_URL: "postgres://app@db.example.test/control_plane", DATABASE_POOL_SIZE: "25" });
    expect(defaultOpenOptions()).toEqual({ url: "postgres://app@db.example.test/control_plane", maxConnections: 25 });
    withEnv({ DATABASE_POOL_SIZE: "" });
    expect(defaultOpenOptions().maxConnections).toBe(10);
  });

  it("refuses anything but a positive integer, naming the variable", () => {
    for (const value of ["0", "-3", "2.5", "ten"]) {
      withEnv({ DATABASE_POOL_SIZE: value });
      expect(() => config(), value).toThrow(/^Invalid configuration: DATABASE_POOL_SIZE: /);
    }
  });
});
