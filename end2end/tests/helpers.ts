import { test as base, expect, Locator, Page } from "@playwright/test";

/** Every test fails if the page throws (a hydration error, a panic in the WebAssembly). */
export const test = base.extend<{ noPageErrors: void }>({
  noPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await use();
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = "collabdesk-demo";

/** Waits until the WebAssembly has hydrated the page (the app marks <body data-hydrated>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (password === PASSWORD) {
    // wait until we are in (the end-to-end server allows many sign-ins a minute; see scripts/test.sh)
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
}

/** Signs in on a page whose browser context has JavaScript off (nothing hydrates: the form posts). */
export async function signInWithoutScript(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

/** Chooses the campaign whose option starts with this title. */
export async function selectCampaign(select: Locator, title: string) {
  const label = await select.locator("option", { hasText: title }).first().textContent();
  await select.selectOption({ label: label! });
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

export async function findCreator(page: Page, username: string) {
  await page.goto(`/creators?q=${username}`);
  await hydrated(page);
  const card = page.locator(`[data-testid=creator-card][data-username=${username}]`);
  await expect(card).toBeVisible();
  return card;
}

export async function inviteFromCard(page: Page, username: string, campaign: string, message = "") {
  const card = await findCreator(page, username);
  await card.getByRole("link", { name: "Invite to Campaign" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Creator to Campaign" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`@${username}`);
  await selectCampaign(dialog.getByLabel("Select Campaign"), campaign);
  if (message) {
    await dialog.getByLabel("Message (Optional)").fill(message);
    await expect(dialog.getByText(`${[...message].length}/500`)).toBeVisible();
  }
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByText(`Invitation sent to @${username}`)).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(card.locator("[data-status=invited]")).toBeVisible();
}

export async function campaignPage(page: Page, title: string) {
  await page.goto("/campaigns");
  await page.getByTestId("campaign-list").getByRole("link", { name: new RegExp(title) }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await hydrated(page);
}
