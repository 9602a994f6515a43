// Process configuration, validated once. Every variable of DESIGN.md's Configuration table lives here.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/** A DNS server as Resolver.setServers takes it: 127.0.0.1, 127.0.0.1:5353, ::1 or [::1]:5353. */
function isDnsServer(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return isIP(bracketed[1]) === 6 && (!bracketed[2] || Number(bracketed[2]) <= 65535);
  if (isIP(entry)) return true;
  const withPort = /^([^:]+):(\d{1,5})$/.exec(entry);
  return withPort !== null && isIP(withPort[1]) === 4 && Number(withPort[2]) <= 65535;
}

const DnsServers = z
  .string()
  .transform((list) =>
    list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine(isDnsServer, "must be IP addresses with optional ports, e.g. 127.0.0.1:5353,[::1]:53")).min(1));

const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  /** Connections each instance opens to PostgreSQL (unused with PGlite): a positive integer. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(16).optional(),
  SUPERADMIN_EMAIL: z.email().optional(),
  SUPERADMIN_PASSWORD: z.string().min(8).optional(),
  ROOT_DOMAIN: z.string().min(1).default("localhost"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TRUST_PROXY: z.coerce.number().int().min(0).max(32).default(0),
  /** Resolvers that domain verification asks; unset: the system's. */
  DNS_SERVERS: DnsServers.optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** The console's public address, for links in mails; unset: http://localhost:PORT. */
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** smtp://user:pass@host:port or smtps://...; unset: mails stay in the outbox (console, /outbox). */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender address; the display name is the responsible agency's app name. Unset: no-reply@ROOT_DOMAIN. */
  MAIL_FROM: z.email().optional(),
  /** Whether this instance runs the job queue's workers (mail delivery); false: a web-only instance. */
  JOB_WORKERS: z.stringbool().default(true),
  /** An OpenAI-compatible endpoint for the website build; with both set, sites are written by models. */
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  WEBSITE_TEXT_MODEL: z.string().min(1).default("gpt-4o-mini"),
  WEBSITE_IMAGE_MODEL: z.string().min(1).default("gpt-image-1"),
  /**
   * How long a running website build may go without a sign of life before another worker takes it over
   * (a crashed process leaves its job behind): seconds, longer than the longest single provider call.
   */
  WEBSITE_BUILD_LEASE_SECONDS: z.coerce.number().int().min(1).default(180),
});

type Config = z.infer<typeof EnvSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = EnvSchema.safeParse(emptyToUndefined(process.env));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetConfigForTests() {
  cached = undefined;
}

function emptyToUndefined(env: NodeJS.ProcessEnv) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

/** The console's public base URL, without a trailing slash. */
export function appUrl(): string {
  const cfg = config();
  return (cfg.APP_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/+$/, "");
}

export function mailFrom(): string {
  const cfg = config();
  return cfg.MAIL_FROM ?? `no-reply@${cfg.ROOT_DOMAIN}`;
}

function dataDir(): string {
  return path.resolve(config().DATA_DIR);
}

/**
 * The secret that signs sessions and access tokens: AUTH_SECRET when set, otherwise one
 * generated once into DATA_DIR so that restarts keep every session valid. Several instances
 * behind a load balancer must share AUTH_SECRET (or DATA_DIR).
 */
export function authSecret(): string {
  const fromEnv = config().AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir(), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    // "wx" fails if another process wrote it first; then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return readFileSync(file, "utf8").trim();
}
