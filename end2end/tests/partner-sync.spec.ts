import { connectPartner, partner, verify } from "./partner";
import { expect, hydrated, signIn, test } from "./helpers";

test("an admin connects the partner; a published campaign reaches it signed and shows Synced", async ({ page, browser }) => {
  const receiver = await partner();
  try {
    const secret = await connectPartner(page, receiver.url, "campaign_created");
    await expect(page.getByTestId("endpoints")).toContainText(receiver.url);
    await page.reload();
    await expect(page.getByTestId("endpoints")).toContainText(receiver.url);
    await expect(page.getByText(secret)).toHaveCount(0); // shown once, never again

    // a business publishes a campaign
    const business = await (await browser.newContext()).newPage();
    await signIn(business, "business@demo.test");
    await business.goto("/campaigns/new");
    await hydrated(business);
    const title = `Partner Week ${Date.now()}`;
    await business.getByLabel("Title").fill(title);
    await business.getByLabel("Budget").fill("75000");
    await business.getByLabel("Deadline").fill("2031-01-31");
    await business.getByLabel("Status").selectOption("active");
    await business.getByRole("button", { name: "Create campaign" }).click();
    await expect(business.getByRole("heading", { name: title })).toBeVisible();
    // the worker delivers it; the campaign page says so
    await expect(async () => {
      await business.reload();
      await expect(business.getByTestId("sync-state")).toContainText("Synced", { timeout: 1000 });
    }).toPass({ timeout: 15000 });
    const delivered = receiver.got.find((g) => JSON.parse(g.body).data.title === title)!;
    expect(JSON.parse(delivered.body).type).toBe("campaign_created");
    verify(secret, delivered.headers, delivered.body);

    // the admin sees the delivery
    await page.goto("/deliveries?status=delivered");
    await hydrated(page);
    await expect(page.locator("[data-testid=delivery-row][data-event=campaign_created]").first()).toContainText("HTTP 200");
    await page.screenshot({ path: "test-results/deliveries.png", fullPage: true });
  } finally {
    receiver.close();
  }
});
