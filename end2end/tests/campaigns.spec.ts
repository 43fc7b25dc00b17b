import { expect, hydrated, signIn, test } from "./helpers";

test("a business creates, publishes, edits and closes a campaign", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await expect(page).toHaveURL(/\/campaigns$/);
  // the demo brand has active, draft and closed campaigns
  await expect(page.getByTestId("campaign-list")).toContainText("Jollof Festival Week");
  await expect(page.getByTestId("campaign-list")).toContainText("Weekend Brunch Launch");
  await expect(page.getByTestId("campaign-list")).toContainText("Christmas Pepper Soup Special");

  await page.getByRole("link", { name: "New campaign" }).click();
  await hydrated(page);
  // bad input: clear errors, nothing created
  await page.getByLabel("Title").fill("Hi");
  await page.getByLabel("Budget").fill("-5");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByText("Enter a title of at least 3 characters.")).toBeVisible();
  await expect(page.getByText("The amount cannot be negative.")).toBeVisible();
  await expect(page.getByText("Enter the deadline as a date.")).toBeVisible();

  await page.getByLabel("Title").fill("Small Chops Saturday");
  await page.getByLabel("Description").fill("Two stories about our small chops platter.");
  await page.getByLabel("Budget").fill("45,000");
  await page.getByLabel("Deadline").fill("2031-03-15");
  await page.getByRole("button", { name: "Create campaign" }).click();

  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Small Chops Saturday" })).toBeVisible();
  await expect(page.getByTestId("budget")).toHaveText("₦45,000.00");
  await expect(page.locator("[data-status=draft]")).toBeVisible();

  await hydrated(page);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.locator("[data-status=active]")).toBeVisible();
  await expect(page.getByText("Campaign active")).toBeVisible();

  await page.getByRole("link", { name: "Edit" }).click();
  await hydrated(page);
  await page.getByLabel("Budget").fill("50000.50");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("budget")).toHaveText("₦50,000.50");

  await hydrated(page);
  await page.getByRole("button", { name: "Close campaign" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Close this campaign?");
  await dialog.getByRole("button", { name: "Close campaign" }).click();
  await expect(page.locator("[data-status=closed]")).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/campaign-closed.png", fullPage: true });
});

test("another business cannot see this business's campaign", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await page.getByTestId("campaign-list").getByRole("link", { name: /Jollof Festival Week/ }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const url = page.url();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, "business2@demo.test");
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.goto(url);
  await expect(page.getByText("Campaign not found.")).toBeVisible();
});
