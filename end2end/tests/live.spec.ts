import { Browser, Page } from "@playwright/test";
import { campaignPage, expect, inviteFromCard, signIn, test } from "./helpers";

/** A second person at another browser (their own context: their own session). */
async function person(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** The page's live stream is open (the app marks <body data-live=connected>), and a marker that a reload
 * would lose. */
async function watching(page: Page) {
  await expect(page.locator("body[data-live=connected]")).toHaveCount(1);
  await page.evaluate(() => ((window as any).__sameDocument = true));
}

async function notReloaded(page: Page) {
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
}

async function unread(page: Page): Promise<number> {
  return Number((await page.getByTestId("unread-count").textContent())?.trim() || "0");
}

test("the creator accepts → the business's open campaign page shows Accepted and the bell rises, no reload", async ({
  page,
  browser,
}) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "yemi_eze11", "Suya Nights Street Tour");
  await campaignPage(page, "Suya Nights Street Tour");
  const row = page.locator("[data-testid=invitation-row][data-username=yemi_eze11]");
  await expect(row.locator("[data-status=pending]")).toBeVisible();
  const before = await unread(page);
  await watching(page);

  const creator = await person(browser, "creator13@demo.test");
  const card = creator.getByRole("article", { name: "Invitation to Suya Nights Street Tour" });
  await card.getByRole("button", { name: "Accept" }).click();
  await creator.getByRole("dialog", { name: "Accept this invitation?" }).getByRole("button", { name: "Accept invitation" }).click();
  await expect(creator.getByText("You joined “Suya Nights Street Tour”")).toBeVisible();

  // within 2 s, on the page the business already had open
  await expect(row.locator("[data-status=accepted]")).toBeVisible({ timeout: 2_000 });
  await expect(page.getByTestId("unread-count")).toHaveText(String(before + 1), { timeout: 2_000 });
  await notReloaded(page);
  await page.screenshot({ path: "test-results/live-business-sees-accepted.png", fullPage: true });
  await creator.context().close();
});

test("the business withdraws → the invitation leaves the creator's open list, no reload", async ({ page, browser }) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "ifeoma_balogun12", "Jollof Festival Week");

  const creator = await person(browser, "creator14@demo.test");
  await expect(creator).toHaveURL(/\/my-campaigns$/);
  const card = creator.getByRole("article", { name: "Invitation to Jollof Festival Week" });
  await expect(card).toBeVisible();
  const before = await unread(creator);
  await watching(creator);

  await campaignPage(page, "Jollof Festival Week");
  const row = page.locator("[data-testid=invitation-row][data-username=ifeoma_balogun12]");
  await row.getByRole("button", { name: "Withdraw" }).click();
  await page.getByRole("dialog", { name: "Withdraw this invitation?" }).getByRole("button", { name: "Withdraw invitation" }).click();
  await expect(row.locator("[data-status=withdrawn]")).toBeVisible();

  await expect(card).toHaveCount(0, { timeout: 2_000 });
  await expect(creator.getByTestId("unread-count")).toHaveText(String(before + 1), { timeout: 2_000 });
  await notReloaded(creator);
  await creator.context().close();
});

test("a creator typing a reason is not interrupted: the list follows once the dialog closes", async ({ page, browser }) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "kwame_okafor13", "Jollof Festival Week");
  const creator = await person(browser, "creator15@demo.test");
  await watching(creator);
  const cards = creator.getByRole("article");
  await expect(cards).toHaveCount(1);
  // the creator starts declining it and types a reason
  await cards.first().getByRole("button", { name: "Decline" }).click();
  const dialog = creator.getByRole("dialog", { name: "Decline this invitation?" });
  await dialog.getByLabel("Reason (optional)").fill("Thinking about it");

  // meanwhile the business invites them to another campaign
  await inviteFromCard(page, "kwame_okafor13", "Suya Nights Street Tour");

  // the bell, outside the dialog's part of the page, follows at once; the dialog keeps what was typed
  await expect(creator.getByTestId("unread-count")).toHaveText("2", { timeout: 2_000 });
  await expect(dialog.getByLabel("Reason (optional)")).toHaveValue("Thinking about it");
  await expect(cards).toHaveCount(1);
  // closing the dialog lets the list catch up
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(cards).toHaveCount(2, { timeout: 2_000 });
  await notReloaded(creator);
  await creator.context().close();
});
