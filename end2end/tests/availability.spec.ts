import { expect, hydrated, selectCampaign, signIn, test } from "./helpers";

/** `YYYY-MM-DD` and `12 Dec 2026` for a day `days` from now (UTC, as the app shows dates). */
function day(days: number): [string, string] {
  const d = new Date(Date.now() + days * 86_400_000);
  const month = d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return [d.toISOString().slice(0, 10), `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`];
}

test("a creator away until a date: businesses see it and cannot invite them until then", async ({ page, browser }) => {
  const [until, shown] = day(10);
  const creator = await (await browser.newContext()).newPage();
  await signIn(creator, "creator17@demo.test");
  await creator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Availability" }).click();
  await expect(creator.getByTestId("availability-status")).toHaveText("Businesses see you are open to invitations.");
  await creator.getByLabel("Not available until the date below").check();
  await creator.getByLabel("Available again on").fill(until);
  await creator.getByLabel("Note for businesses (optional)").fill("Filming in Accra");
  await creator.getByRole("button", { name: "Save availability" }).click();
  await expect(creator.getByText(`Businesses now see you are not available until ${shown}`)).toBeVisible();
  await expect(creator.getByTestId("availability-status")).toHaveText(
    `Businesses see you are not available until ${shown}.`,
  );
  await creator.screenshot({ path: "test-results/availability-creator.png" });

  await signIn(page, "business@demo.test");
  await page.goto("/creators?q=amaka_mensah15");
  await hydrated(page);
  const card = page.locator("[data-testid=creator-card][data-username=amaka_mensah15]");
  await expect(card.getByTestId("availability")).toHaveText(`Not available until ${shown}`);
  await card.getByRole("link", { name: "Amaka Mensah" }).click();
  await expect(page.getByTestId("availability")).toContainText(`Not available until ${shown}`);
  await expect(page.getByTestId("availability")).toContainText("Filming in Accra");
  await hydrated(page);
  await page.getByRole("link", { name: "Invite to Campaign" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Creator to Campaign" });
  await selectCampaign(dialog.getByLabel("Select Campaign"), "Suya Nights Street Tour");
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByText(`@amaka_mensah15 is not available until ${shown}`)).toBeVisible();
  await page.screenshot({ path: "test-results/availability-refused.png" });

  // open again: the business can invite
  await creator.getByLabel("Open to invitations").check();
  await creator.getByRole("button", { name: "Save availability" }).click();
  await expect(creator.getByText("Businesses now see you are open to invitations")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("availability")).toContainText("Open to invitations");
  await creator.context().close();
});
