import { describe, expect, it } from "vitest";
import { SERVER_HEAP_MB, restartWithHeapLimit } from "./heap-limit";

describe("restartWithHeapLimit", () => {
  it("runs the script again with the server's heap limit, keeping the node flags and the script's arguments", () => {
    expect(restartWithHeapLimit(["--import", "tsx"], undefined, ["scripts/start.ts", "--dev"])).toEqual([
      "--import",
      "tsx",
      `--max-old-space-size=${SERVER_HEAP_MB}`,
      "scripts/start.ts",
      "--dev",
    ]);
  });

  it("leaves a process alone whose limit was chosen on its command line or in NODE_OPTIONS", () => {
    expect(restartWithHeapLimit(["--max-old-space-size=1024"], undefined, ["scripts/start.ts"])).toBeNull();
    expect(restartWithHeapLimit([], "--enable-source-maps --max-old-space-size=2048", ["scripts/start.ts"])).toBeNull();
  });

  it("is not fooled by other flags in NODE_OPTIONS", () => {
    expect(restartWithHeapLimit([], "--max-semi-space-size=32", ["scripts/start.ts"])).not.toBeNull();
  });
});
