// Fixed values shared by playwright.config.ts (which hands them to the server) and the specs.
// Plain constants only: the config imports this file before Playwright's test runtime exists.

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
// Next rewrites 127.0.0.1 to localhost in request URLs, so the suite browses localhost too.
export const baseURL = `http://localhost:${E2E_PORT}`;

export const SUPERADMIN_EMAIL = "superadmin@e2e.example.com";
export const SUPERADMIN_PASSWORD = "e2e-superadmin-Passw0rd";
export const E2E_AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789";

/** Whether the server under test runs on PostgreSQL (else embedded PGlite). */
export const onPostgres = Boolean(process.env.E2E_DATABASE_URL);
