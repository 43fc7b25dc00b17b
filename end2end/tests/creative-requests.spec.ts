import { Browser, Page } from "@playwright/test";
import { expect, hydrated, signIn, test } from "./helpers";

async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as any).__errors = errors;
  await signIn(page, email);
  return page;
}

function tabCount(page: Page, slug: string) {
  return page.locator(`[data-tab="${slug}"] [data-testid=tab-count]`);
}

function row(page: Page, offer: string) {
  return page.locator(`[data-testid=request-row][data-offer="${offer}"]`);
}

/** Opens a request from its row and takes one decision with a comment; the page comes back to the same tab. */
async function decide(page: Page, offer: string, button: string, comment: string) {
  await row(page, offer).getByRole("link").click();
  const detail = page.getByTestId("request-detail");
  await expect(detail).toContainText(offer);
  const tab = new URL(page.url()).searchParams.get("tab");
  await detail.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/Comment/).fill(comment);
  await dialog.getByRole("button", { name: /^Confirm/ }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row(page, offer)).toHaveCount(0); // it left this tab
  expect(new URL(page.url()).searchParams.get("tab")).toBe(tab);
}

// Seed S4's "Real-World Example": the publisher submits (day 1), an admin approves and forwards (day 2), the
// advertiser sends it back (day 3), an admin rejects it (day 4) — checking the tabs each time and the timeline.
test("the real-world example: submit, forward, send back, reject", async ({ browser }) => {
  const offer = `AMAZON-${Date.now()}`;

  // day 1: the publisher submits
  const publisher = await as(browser, "publisher@demo.test");
  await expect(publisher).toHaveURL(/\/my-requests$/);
  await hydrated(publisher);
  await publisher.getByRole("button", { name: "New Creative Request" }).click();
  const form = publisher.getByRole("region", { name: "New Creative Request" });
  await form.getByRole("button", { name: "Submit request" }).click();
  await expect(form.getByText("Enter the offer ID")).toBeVisible(); // nothing filled: every field says why
  await form.getByLabel("Offer ID").fill(offer);
  await form.getByLabel("Offer name").fill("Amazon Holiday Special - Email Campaign");
  await form.getByLabel("Creative type").selectOption("Email");
  await form.getByLabel("Priority").selectOption("High Priority");
  await form.getByLabel("Creative count").fill("5");
  await form.getByLabel("From lines").fill("3");
  await form.getByLabel("Subject lines").fill("5");
  await form.getByLabel("Advertiser").selectOption({ label: "Demo Advertiser" });
  await form.getByLabel("Affiliate ID").fill("AFF-1042");
  await form.getByLabel("Client ID").fill("AMZ");
  await form.getByLabel("Client name").fill("Amazon");
  await form.getByRole("button", { name: "Submit request" }).click();
  await expect(publisher.getByText(`Request for offer ${offer} submitted`)).toBeVisible();
  await expect(row(publisher, offer).locator("[data-status=new]")).toBeVisible();

  // day 2: the admin finds it under New and approves & forwards it
  const admin = await as(browser, "admin@demo.test");
  await admin.goto("/requests?tab=new");
  await hydrated(admin);
  await expect(row(admin, offer)).toBeVisible();
  const newBefore = Number(await tabCount(admin, "new").textContent());
  const pendingBefore = Number(await tabCount(admin, "pending").textContent());
  await decide(admin, offer, "Approve & Forward", "Looks good, approved");
  await expect(admin.getByText(`Offer ${offer}: now pending approval`)).toBeVisible();
  await expect(tabCount(admin, "new")).toHaveText(String(newBefore - 1));
  await expect(tabCount(admin, "pending")).toHaveText(String(pendingBefore + 1));
  await admin.locator('[data-tab="pending"]').click();
  await expect(row(admin, offer)).toBeVisible();

  // day 3: the advertiser sees it under New on Responses and sends it back (a comment is required)
  const advertiser = await as(browser, "advertiser@demo.test");
  await expect(advertiser).toHaveURL(/\/response$/);
  await advertiser.goto("/response?tab=new");
  await hydrated(advertiser);
  await expect(row(advertiser, "5012")).toHaveCount(0); // another advertiser's request
  await row(advertiser, offer).getByRole("link").click();
  await advertiser.getByTestId("request-detail").getByRole("button", { name: "Send Back" }).click();
  const dialog = advertiser.getByRole("dialog");
  await dialog.getByRole("button", { name: "Confirm send back" }).click();
  await expect(dialog).toBeVisible(); // the browser refuses an empty comment
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await decide(advertiser, offer, "Send Back", "Need different subject lines");
  await advertiser.goto("/response?tab=all");
  await hydrated(advertiser);
  await expect(advertiser.getByTestId("request-tabs")).toBeVisible();
  await expect(row(advertiser, offer)).toHaveCount(0); // sent back leaves /response

  // day 4: the admin re-reviews it under Sent Back and rejects it
  await admin.goto("/requests?tab=sent-back");
  await hydrated(admin);
  await decide(admin, offer, "Reject", "Cannot accommodate this request");
  await admin.locator('[data-tab="rejected"]').click();
  await expect(row(admin, offer).locator("[data-status=rejected]")).toBeVisible();

  // the timeline, in order, with who and why
  await row(admin, offer).getByRole("link").click();
  const history = admin.getByTestId("request-history").locator("li");
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText("Submitted by Pat Publisher (publisher)");
  await expect(history.nth(1)).toContainText("Approved & forwarded by Ada Admin (admin)");
  await expect(history.nth(1)).toContainText("Looks good, approved");
  await expect(history.nth(2)).toContainText("Sent back by Dayo Advertiser (advertiser)");
  await expect(history.nth(2)).toContainText("Need different subject lines");
  await expect(history.nth(3)).toContainText("Rejected by Ada Admin (admin)");
  await expect(admin.getByTestId("request-actions")).toHaveCount(0); // nothing left to decide
  await admin.screenshot({ path: "test-results/creative-request-timeline.png", fullPage: true });

  // the publisher sees the outcome and was told
  await publisher.goto("/my-requests");
  await hydrated(publisher);
  await expect(row(publisher, offer).locator("[data-status=rejected]")).toBeVisible();
  await publisher.getByRole("button", { name: /Notifications/ }).click();
  await expect(publisher.getByText("Your creative request was rejected").first()).toBeVisible();

  for (const p of [publisher, admin, advertiser]) {
    expect((p as any).__errors, "uncaught errors in the page").toEqual([]);
  }
});

test("the admin dashboard shows recent requests and counts per tab", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/dashboard$/);
  const widget = page.getByTestId("recent-requests");
  await expect(widget.locator("[data-testid=request-row]")).toHaveCount(5);
  await expect(widget.locator('[data-tab="all"] [data-testid=tab-count]')).not.toHaveText("0");
  await widget.locator('[data-tab="sent-back"]').click();
  await expect(page).toHaveURL(/\/requests\?tab=sent-back$/);
  await expect(row(page, "5011")).toBeVisible();
});

test("search and filters narrow the tab and the export follows them", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/requests");
  await hydrated(page);
  await page.getByLabel("Search").fill("5011");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=5011/);
  await expect(page.locator("[data-testid=request-row]")).toHaveCount(1);
  await expect(tabCount(page, "all")).toHaveText("1");
  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await (await download).path();
  const csv = require("fs").readFileSync(file, "utf8");
  expect(csv.split("\n").filter((l: string) => l.trim()).length).toBe(2);
  expect(csv).toContain(",5011,Corporate Accounts,");
  await page.getByLabel("Priority").selectOption("Medium Priority");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No requests in “All”")).toBeVisible();
});
