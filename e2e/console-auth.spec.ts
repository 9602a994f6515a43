// Signing in to the console, signing out, the sign-in lock-out, and the redirect of anonymous visitors.
import { type Page, expect, test } from "@playwright/test";
import { accessToken, createOrganizationOwner, freshClientIp, signIn, signInError, submitSignIn, uniqueTag } from "./helpers";
import { SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD, baseURL } from "./support";

const INCORRECT = "The email or password is incorrect.";

test("[AUTH][SIGN-IN]: the superadmin signs in, sees the console shell, and signs out", async ({ page }) => {
  await signIn(page);

  // A superadmin lands on the registrations review queue.
  await expect(page).toHaveURL(/\/registrations$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Registrations", "Organizations", "Settings", "API tokens", "API reference"])
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Registrations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("current-user")).toHaveText(SUPERADMIN_EMAIL);
  await expect(page.getByText("Superadmin", { exact: true })).toBeVisible();

  await nav.getByRole("link", { name: "Organizations" }).click();
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole("heading", { name: "Organizations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Organizations" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in to Control Plane" })).toBeVisible();

  // The session is gone, not just the page: the console sends us back to sign in.
  await page.goto("/organizations");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forganizations$/);
});

test("[AUTH][SIGN-IN]: a wrong password is refused with one message for every failure", async ({ page, request }) => {
  // A user of its own, so that the superadmin's failure count never grows with repeated runs, and a
  // client ip of its own (see playwright.config.ts).
  const owner = await createOrganizationOwner(request, await accessToken(request));
  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshClientIp() });
  await page.goto("/login");

  await submitSignIn(page, owner.email, "not-the-password");
  await expect(signInError(page)).toHaveText(INCORRECT);
  await expect(page).toHaveURL(/\/login$/);

  // An unknown email reads exactly the same, so accounts cannot be discovered from the form.
  await submitSignIn(page, `nobody-${uniqueTag()}@e2e.example.com`, "whatever-password");
  await expect(signInError(page)).toHaveText(INCORRECT);
  await expect(page.getByTestId("current-user")).toHaveCount(0);

  await submitSignIn(page, owner.email, owner.password);
  await expect(page.getByTestId("current-user")).toHaveText(owner.email);
});

test("[AUTH][LOCK-OUT]: more than ten failures for one email lock it, whatever the client ip", async ({ page }) => {
  const email = `locked-${uniqueTag()}@e2e.example.com`;
  await page.goto("/login");

  // Each attempt from another ip: only the email's counter reaches the limit.
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": freshClientIp() });
    const answered = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await submitSignIn(page, email, `wrong-password-${attempt}`);
    await answered;
    await expect(signInError(page)).toHaveText(INCORRECT);
  }

  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshClientIp() });
  await submitSignIn(page, email, "wrong-password-11");
  await expect(signInError(page)).toHaveText(/^Too many failed sign-in attempts\. Try again in 15 minutes\.$/);
});

test("[AUTH][REDIRECT]: an anonymous visitor is sent to sign in, then back to the page asked for", async ({ page }) => {
  await page.goto("/organizations");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forganizations$/);
  await expect(page.getByRole("heading", { name: "Sign in to Control Plane" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);

  await page.goto("/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftokens$/);
  await submitSignIn(page, SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
});

/** Where a signed-in visit to /login?callbackUrl=... sends the browser, resolved as a browser would. */
async function landingOf(page: Page, callbackUrl: string) {
  const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
  expect(response.status(), `${JSON.stringify(callbackUrl)}: ${response.status()}`).toBe(307);
  return new URL(response.headers().location, baseURL);
}

test("[AUTH][REDIRECT]: a callbackUrl to another site is ignored", async ({ page }) => {
  await signIn(page);
  for (const callbackUrl of ["//evil.example/x", "https://evil.example/x", "http://evil.example"]) {
    expect((await landingOf(page, callbackUrl)).origin, callbackUrl).toBe(baseURL);
  }
  expect((await landingOf(page, "/tokens")).href).toBe(`${baseURL}/tokens`);
});

// Browsers read "/\evil.example" and "/<tab>/evil.example" as "//evil.example": a naive "starts with
// one slash" check would redirect off the site after sign-in (an open redirect).
test("[AUTH][REDIRECT]: a callbackUrl that browsers read as another site is ignored", async ({ page }) => {
  await signIn(page);
  for (const callbackUrl of ["/\\evil.example/x", "/\\/evil.example/x", "/\t/evil.example/x", "/\n/evil.example/x"]) {
    expect((await landingOf(page, callbackUrl)).origin, JSON.stringify(callbackUrl)).toBe(baseURL);
  }

  await page.context().clearCookies();
  await page.route("http://evil.example/**", (route) => route.fulfill({ body: "off site" }));
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/\\evil.example/x")}`);
  await submitSignIn(page, SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD);
  await expect(page.getByTestId("current-user")).toHaveText(SUPERADMIN_EMAIL);
  expect(new URL(page.url()).origin).toBe(baseURL);
});
