import { Page } from "@playwright/test";
import { connectPartner, partner, verify } from "./partner";
import { expect, hydrated, signIn, test } from "./helpers";

/** ₦425,000.00 → 42500000 (minor units) */
async function naira(page: Page): Promise<number> {
  const text = (await page.getByTestId("balance-NGN").textContent())!;
  return Math.round(Number(text.replace(/[₦,]/g, "")) * 100);
}

test("a business sends a ₦75,000 offer, the creator accepts it, the partner got it signed and it shows Synced", async ({
  page,
  browser,
}) => {
  const receiver = await partner();
  try {
    // the admin connects the partner for offer events
    const secret = await connectPartner(page, receiver.url, "offer_sent, offer_accepted");

    // the business sends the offer from its wallet
    const business = await (await browser.newContext()).newPage();
    await signIn(business, "business@demo.test");
    await business.getByRole("link", { name: "Wallet" }).click();
    await hydrated(business);
    const before = await naira(business);
    const message = `Two reels for the festival ${Date.now()}`;
    await business.getByLabel("Campaign").selectOption({ label: "Jollof Festival Week" });
    await business.getByLabel("Creator").fill("@demo_creator");
    await business.getByLabel("Amount").fill("75000");
    await business.getByLabel("Deadline").fill("2031-01-31");
    await business.getByLabel("Message").fill(message);
    await business.getByRole("button", { name: "Send offer" }).click();
    await expect(business.getByText("Offer of ₦75,000.00 sent to @demo_creator")).toBeVisible();
    await expect.poll(() => naira(business)).toBe(before - 7_500_000);
    const row = business.getByTestId("sent-offer").filter({ hasText: "₦75,000.00 to @demo_creator" }).first();
    await expect(row).toContainText("Pending");
    await expect(async () => {
      await business.reload();
      await expect(
        business.getByTestId("sent-offer").filter({ hasText: "₦75,000.00 to @demo_creator" }).first().getByTestId("sync-state"),
      ).toContainText("Synced", { timeout: 1000 });
    }).toPass({ timeout: 15000 });
    await business.screenshot({ path: "test-results/wallet.png", fullPage: true });

    // the partner received the offer, signed with the endpoint's secret
    const sent = receiver.got.find((g) => JSON.parse(g.body).type === "offer_sent" && JSON.parse(g.body).data.message === message)!;
    expect(sent, "offer_sent delivered").toBeTruthy();
    verify(secret, sent.headers, sent.body);
    expect(JSON.parse(sent.body).data.amount).toEqual({ minor: 7_500_000, currency: "NGN" });

    // the creator sees it under My Campaigns → Offers and accepts
    const creator = await (await browser.newContext()).newPage();
    await signIn(creator, "creator@demo.test");
    await creator.getByRole("tab", { name: "Offers" }).click();
    await hydrated(creator);
    const card = creator.getByTestId("offer-card").filter({ hasText: message });
    await expect(card.getByTestId("offer-amount")).toHaveText("₦75,000.00");
    await card.getByRole("button", { name: "Accept" }).click();
    await expect(creator.getByText("You accepted ₦75,000.00 from Mama Nkechi's Kitchen")).toBeVisible();
    await expect(card).toContainText("Accepted");
    await creator.screenshot({ path: "test-results/creator-offers.png", fullPage: true });
    await expect.poll(() => receiver.got.some((g) => JSON.parse(g.body).type === "offer_accepted")).toBe(true);

    // accepted money stays with the offer; the business sees the new status
    await business.reload();
    await expect(
      business.getByTestId("sent-offer").filter({ hasText: "₦75,000.00 to @demo_creator" }).first(),
    ).toContainText("Accepted");
    expect(await naira(business)).toBe(before - 7_500_000);
  } finally {
    receiver.close();
  }
});

test("an offer larger than the balance is refused with the balance shown, and a withdrawal refunds", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await page.goto("/wallet");
  await hydrated(page);
  const before = await naira(page);
  await page.getByLabel("Campaign").selectOption({ label: "Jollof Festival Week" });
  await page.getByLabel("Creator").fill("demo_creator2");
  await page.getByLabel("Amount").fill("99999999");
  await page.getByLabel("Deadline").fill("2031-01-31");
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(page.getByRole("alert")).toContainText("Insufficient balance: your NGN wallet has");
  expect(await naira(page)).toBe(before);

  await page.getByLabel("Amount").fill("1000");
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(page.getByText("Offer of ₦1,000.00 sent to @demo_creator2")).toBeVisible();
  await expect.poll(() => naira(page)).toBe(before - 100_000);
  const row = page.getByTestId("sent-offer").filter({ hasText: "₦1,000.00 to @demo_creator2" }).first();
  await row.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Offer withdrawn; ₦1,000.00 refunded")).toBeVisible();
  await expect.poll(() => naira(page)).toBe(before);
  await page.getByText("Ledger").click();
  await expect(page.getByTestId("ledger")).toContainText("Refund: offer to @demo_creator2 withdrawn");
});

test("an admin tops up a wallet with a reason", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.getByRole("link", { name: "Wallets" }).click();
  await hydrated(page);
  await page.getByLabel("Business e-mail").fill("business2@demo.test");
  await page.getByLabel("Amount").fill("10");
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByRole("button", { name: "Top up" }).click();
  await expect(page.getByText("Say why (for example: bank transfer reference).")).toBeVisible();
  await page.getByLabel("Reason").fill("Wire 7781");
  await page.getByRole("button", { name: "Top up" }).click();
  await expect(page.getByText(/Topped up: the balance is now \$/)).toBeVisible();
  await expect(page.getByTestId("wallets")).toContainText("USD");
});

test("Send Offer on a creator's profile: the creator is filled in, the offer is sent and the creator sees it", async ({
  page,
  browser,
}) => {
  await signIn(page, "business@demo.test");
  await page.goto("/creators/halima_adeyemi14");
  await hydrated(page);
  await page.getByRole("button", { name: "Send Offer" }).click();
  const dialog = page.getByRole("dialog", { name: "Send an offer to @halima_adeyemi14" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Creator")).toHaveCount(0);
  await dialog.getByLabel("Campaign").selectOption({ label: "Suya Nights Street Tour" });
  await dialog.getByLabel("Amount").fill("40000");
  await dialog.getByLabel("Deadline").fill("2031-01-31");
  await dialog.getByLabel("Message").fill("One night-tour reel?");
  await page.screenshot({ path: "test-results/offer-from-profile.png" });
  await dialog.getByRole("button", { name: "Send offer" }).click();
  await expect(page).toHaveURL(/\/creators\/halima_adeyemi14$/);
  await expect(page.getByText("Offer of ₦40,000.00 sent to @halima_adeyemi14")).toBeVisible();

  const creator = await (await browser.newContext()).newPage();
  await signIn(creator, "creator16@demo.test");
  await creator.getByRole("tab", { name: "Offers" }).click();
  await expect(creator.getByText("One night-tour reel?")).toBeVisible();
  await creator.context().close();
});
