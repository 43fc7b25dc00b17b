import { campaignPage, expect, signIn, test } from "./helpers";

test("a creator is reminded before an invitation lapses, and the business can nudge them once a day", async ({
  page,
  browser,
}) => {
  // the demo has an invitation to Tunde that lapses in two days: the reminder job told him when the app started
  const creator = await (await browser.newContext()).newPage();
  await signIn(creator, "creator18@demo.test");
  await expect(creator.getByTestId("unread-count")).toHaveText("2");
  await creator.getByTestId("bell").click();
  const bell = creator.getByRole("region", { name: "Notifications" });
  await expect(bell).toContainText("Your invitation from Mama Nkechi's Kitchen for “Jollof Festival Week” expires on");
  await creator.getByTestId("bell").click();
  await expect(creator.locator("body[data-live=connected]")).toHaveCount(1);

  // the business nudges him by hand
  await signIn(page, "business@demo.test");
  await campaignPage(page, "Jollof Festival Week");
  const row = page.locator("[data-testid=invitation-row][data-username=tunde_eze16]");
  await row.getByRole("button", { name: "Nudge" }).click();
  await expect(page.getByText("Nudged @tunde_eze16 about “Jollof Festival Week”")).toBeVisible();
  await expect(row.getByTestId("nudged")).toBeVisible();
  await expect(row.getByRole("button", { name: "Nudge" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/nudged.png" });

  // his open page hears of it at once
  await expect(creator.getByTestId("unread-count")).toHaveText("3", { timeout: 2_000 });
  await creator.getByTestId("bell").click();
  await expect(bell).toContainText("Mama Nkechi's Kitchen is waiting for your answer to “Jollof Festival Week”");
  await creator.screenshot({ path: "test-results/reminded.png" });
  await creator.context().close();
});
