import { expect, hydrated, nav, signIn, test } from "./helpers";

const roles = [
  { email: "business@demo.test", name: "Mama Nkechi's Kitchen", links: ["Creators", "Campaigns", "Analytics", "Creator Requests", "Templates", "Wallet", "API keys"], home: /\/campaigns$/ },
  { email: "creator@demo.test", name: "Demo Creator", links: ["My Campaigns", "Availability"], home: /\/my-campaigns$/ },
  { email: "admin@demo.test", name: "Ada Admin", links: ["Dashboard", "Requests", "Responses", "Agency Inbox", "Integrations", "Deliveries", "Wallets", "Users", "API keys"], home: /\/dashboard$/ },
  { email: "advertiser@demo.test", name: "Dayo Advertiser", links: ["Responses"], home: /\/response$/ },
  { email: "publisher@demo.test", name: "Pat Publisher", links: ["My Requests"], home: /\/my-requests$/ },
];

test("the app opens on the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("heading", { name: "Sign in to Collabdesk" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
});

for (const role of roles) {
  test(`${role.email} sees their navigation and can sign out`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page).toHaveURL(role.home);
    const links = nav(page).getByRole("link");
    await expect(links).toHaveText(role.links);
    await expect(page.getByTestId("user-name")).toContainText(role.name);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await expect(nav(page)).toHaveCount(0);
    // signed out for real: a protected page sends us back to sign in
    await page.goto("/campaigns");
    await expect(page).toHaveURL(/\/signin\?next=\/campaigns$/);
  });
}

test("a wrong password is refused and says so", async ({ page }) => {
  await signIn(page, "business@demo.test", "not-the-password");
  await expect(page.getByText("The email or password is incorrect.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("after signing in from a protected link you land where you were going", async ({ page }) => {
  await page.goto("/campaigns/new");
  await expect(page).toHaveURL(/\/signin\?next=\/campaigns\/new$/);
  await hydrated(page);
  await page.getByLabel("Email").fill("business@demo.test");
  await page.getByLabel("Password").fill("collabdesk-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();
});

test("unknown pages are a 404 and another role's page a 403", async ({ page }) => {
  await signIn(page, "publisher@demo.test");
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  // a publisher cannot open a business page
  const forbidden = await page.goto("/campaigns");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByText("You do not have access to this page")).toBeVisible();
});
