// Runs before every test file: a fixed secret (never the developer's .data), quiet logs.
process.env.AUTH_SECRET ??= "vitest-secret-0123456789abcdef0123456789";
process.env.LOG_LEVEL ??= "silent";
process.env.DATA_DIR ??= "/tmp/tenant-control-plane-vitest";
