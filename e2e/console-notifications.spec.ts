// Notifications in the console: the bell's unread count follows events without a reload, its dropdown
// links each notification to the page that acts on it, and the Notifications page filters to the
// unread and marks one or all read.
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { accessToken, bearer, createOrganizationOwner, signIn } from "./helpers";
import { newRegistrant, submitRegistration } from "./registrations";

// The bell polls every 15 s: an event made elsewhere shows within one poll.
const POLL = { timeout: 30_000 };

/** The bell in the console's navigation; its accessible name carries the unread count. */
function bell(page: Page) {
  return page.getByRole("button", { name: /^Notifications/ });
}

async function unreadShown(page: Page): Promise<number> {
  const name = (await bell(page).getAttribute("aria-label")) ?? "";
  return Number(/(\d+) unread/.exec(name)?.[1] ?? 0);
}

/** Marks the window so that a later check can tell that the page was not reloaded since. */
async function markWindow(page: Page) {
  await page.evaluate(() => ((window as unknown as { notificationsMark: boolean }).notificationsMark = true));
}
async function expectSameWindow(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { notificationsMark?: boolean }).notificationsMark)).toBe(true);
}

async function unreadCount(request: APIRequestContext, token: string): Promise<number> {
  const response = await request.get("/api/tenants/notifications/unread-count", { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return (await response.json()).count as number;
}

test("[NOTIFICATIONS][BELL]: a registration raises the superadmin's count without a reload; the notification links to it and following it marks it read", async ({
  page,
  request,
}) => {
  const token = await accessToken(request);
  await signIn(page);
  await markWindow(page);
  // Other specs register too, so the count is compared, never fixed.
  const before = await unreadCount(request, token);
  await expect.poll(() => unreadShown(page), POLL).toBeGreaterThanOrEqual(before);

  const registrant = newRegistrant("bell");
  const id = await submitRegistration(request, registrant);
  await expect.poll(() => unreadShown(page), POLL).toBeGreaterThan(before);
  await expectSameWindow(page);

  await bell(page).click();
  const dropdown = page.getByRole("dialog", { name: "Notifications" });
  const link = dropdown.getByRole("link", { name: `New registration: ${registrant.company_name}` });
  await expect(link).toHaveAttribute("href", `/registrations/${id}`);
  await expect(dropdown.getByRole("button", { name: `Mark "New registration: ${registrant.company_name}" read` })).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${id}$`));
  await expect(page.getByRole("heading", { name: registrant.company_name, level: 1 })).toBeVisible();

  // Read now: the dropdown shows it read, the Notifications page lists it among all, not among the unread.
  await bell(page).click();
  await expect(dropdown.getByRole("listitem").filter({ hasText: registrant.company_name })).toHaveAttribute("data-read", "true");
  await dropdown.getByRole("link", { name: "See all" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  const list = page.getByRole("list", { name: "Notifications" });
  const mine = list.getByRole("listitem").filter({ hasText: registrant.company_name });
  await expect(mine).toHaveAttribute("data-read", "true");
  await page.getByRole("link", { name: /^Unread only/ }).click();
  await expect(page).toHaveURL(/unread_only=true/);
  await expect(page.getByRole("link", { name: /^Unread only/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(registrant.company_name)).toHaveCount(0);
  // The bell agrees with the server, whatever other specs add meanwhile.
  await expect(async () => expect(await unreadShown(page)).toBe(await unreadCount(request, token))).toPass(POLL);
});

test("[NOTIFICATIONS][PAGE]: an owner's bell counts credits added to their organization; mark one read, the unread filter, mark all read", async ({
  page,
  request,
}) => {
  const token = await accessToken(request);
  const owner = await createOrganizationOwner(request, token);
  const found = await request.get(`/api/tenants/organizations?q=${owner.slug}`, { headers: bearer(token) });
  const orgId = (await found.json()).data[0].id as string;

  await signIn(page, owner.email, owner.password);
  await page.goto("/notifications");
  await expect(page.getByText("No notifications yet.")).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await page.goto("/organizations");
  await markWindow(page);

  for (const amount of [100, 250]) {
    const added = await request.post(`/api/tenants/organizations/${orgId}/credits/add`, {
      headers: bearer(token),
      data: { amount, reason: `Top-up of ${amount}` },
    });
    expect(added.status(), await added.text()).toBe(201);
  }
  await expect(bell(page)).toHaveAccessibleName("Notifications, 2 unread", POLL);
  await expect(page.getByTestId("notification-count")).toHaveText("2");
  await expectSameWindow(page);

  await bell(page).click();
  const dropdown = page.getByRole("dialog", { name: "Notifications" });
  await expect(dropdown.getByRole("listitem")).toHaveCount(2);
  await expect(dropdown.getByRole("listitem").first()).toContainText("250 credits added");
  for (const title of ["100 credits added", "250 credits added"])
    await expect(dropdown.getByRole("link", { name: title })).toHaveAttribute("href", `/organizations/${orgId}`);
  await dropdown.getByRole("button", { name: 'Mark "100 credits added" read' }).click();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(dropdown.getByRole("button", { name: 'Mark "100 credits added" read' })).toHaveCount(0);
  await dropdown.getByRole("link", { name: "See all" }).click();

  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const items = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId("unread-total")).toHaveText("1");
  await page.getByRole("link", { name: /^Unread only/ }).click();
  await expect(page).toHaveURL(/\/notifications\?unread_only=true$/);
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("250 credits added");
  await expect(items.first()).toContainText("Top-up of 250");

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByText("No unread notifications.")).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
  await page.getByRole("link", { name: "All", exact: true }).click();
  await expect(items).toHaveCount(2);
  for (const item of await items.all()) await expect(item).toHaveAttribute("data-read", "true");
  expect(await unreadCount(request, await accessToken(request, owner.email, owner.password))).toBe(0);
});

test('[NOTIFICATIONS][MARK ALL READ ERROR]: a refused "Mark read" and a failed "Mark all read" say so, on the page and in the bell; a retry clears the error and marks all read', async ({
  page,
  request,
}) => {
  const token = await accessToken(request);
  const owner = await createOrganizationOwner(request, token);
  const found = await request.get(`/api/tenants/organizations?q=${owner.slug}`, { headers: bearer(token) });
  const orgId = (await found.json()).data[0].id as string;
  const added = await request.post(`/api/tenants/organizations/${orgId}/credits/add`, {
    headers: bearer(token),
    data: { amount: 100, reason: "Top-up of 100" },
  });
  expect(added.status(), await added.text()).toBe(201);

  await signIn(page, owner.email, owner.password);
  await page.goto("/notifications?unread_only=true");
  await expect(page.getByRole("list", { name: "Notifications" }).getByRole("listitem")).toHaveCount(1);

  // One notification's "Mark read" refused (a session that has just expired): the server's words show,
  // the notification stays unread. Only the browser's network layer is touched.
  const readOne = "**/api/tenants/notifications/*/read";
  await page.route(readOne, (route) =>
    route.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ message: "Unauthenticated." }) }),
  );
  await page.getByRole("button", { name: /^Mark ".*" read$/ }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Unauthenticated." })).toBeVisible();
  await expect(page.getByRole("list", { name: "Notifications" }).getByRole("listitem")).toHaveCount(1);
  await page.unroute(readOne);

  // The server fails the request; only the browser's network layer is touched.
  const readAll = "**/api/tenants/notifications/read-all";
  await page.route(readAll, (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ message: "Internal server error" }) }),
  );
  const failure = page.getByRole("alert").filter({ hasText: "Could not mark all read." });

  await bell(page).click();
  const dropdown = page.getByRole("dialog", { name: "Notifications" });
  await dropdown.getByRole("button", { name: "Mark all read" }).click();
  await expect(dropdown.getByRole("alert")).toHaveText("Could not mark all read. Try again.");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await bell(page).click();
  await expect(dropdown).toBeHidden();

  const markAll = page.getByRole("button", { name: "Mark all read" });
  await markAll.click();
  await expect(failure).toBeVisible();
  await expect(page.getByRole("list", { name: "Notifications" }).getByRole("listitem")).toHaveCount(1);

  await page.unroute(readAll);
  await markAll.click();
  await expect(page.getByText("No unread notifications.")).toBeVisible();
  await expect(failure).toHaveCount(0);
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  expect(await unreadCount(request, await accessToken(request, owner.email, owner.password))).toBe(0);
});
