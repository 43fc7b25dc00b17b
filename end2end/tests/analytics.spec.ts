import { readFileSync } from "node:fs";
import { campaignPage, expect, nav, PASSWORD, signIn, test } from "./helpers";

test("a business reads its outreach: weekly charts with their numbers, the funnel, each campaign, offers, and the CSV", async ({
  page,
}) => {
  await signIn(page, "business@demo.test");
  await nav(page).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();

  // the charts are images with a name, drawn on the server: no WebAssembly on this page
  await expect(page.getByRole("img", { name: /Invitations sent per week/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /What became of invitations, per week/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Invited, answered, accepted, active" })).toBeVisible();
  expect(await page.locator("leptos-island").count()).toBe(0);

  // the numbers beside them: twelve weeks, the funnel, every campaign with invitations, offers per currency
  const weeks = page.getByTestId("weeks-table");
  await expect(weeks.locator("tbody tr")).toHaveCount(12);
  const funnel = page.getByTestId("funnel-table");
  await expect(funnel.getByRole("row", { name: /^Invited \d+ 100%$/ })).toBeVisible();
  const invited = Number((await funnel.getByRole("row", { name: /^Invited/ }).locator("td").first().textContent())!);
  expect(invited).toBeGreaterThan(0);
  const jollof = page.locator("[data-testid=campaign-analytics][data-title='Jollof Festival Week']");
  await expect(jollof).toBeVisible();
  await expect(jollof.locator("td").nth(6)).toHaveText(/^(\d+%|–)$/); // acceptance rate
  await page.screenshot({ path: "test-results/analytics.png", fullPage: true });

  // the CSV carries the same numbers
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("collabdesk-analytics.csv");
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("week_starting,sent,accepted,declined,expired,withdrawn");
  expect(csv).toContain(`\ninvited,${invited},100\n`);
  expect(csv).toContain("\nJollof Festival Week,");

  // the campaign page sums up the same for its campaign
  await campaignPage(page, "Jollof Festival Week");
  const summary = page.getByTestId("outreach-summary");
  await expect(summary.getByRole("heading", { name: "Outreach" })).toBeVisible();
  await expect(summary.getByRole("img", { name: "Invited, answered, accepted, active" })).toBeVisible();
  await expect(summary.getByTestId("funnel-table").getByRole("row", { name: /^Invited \d+ 100%$/ })).toBeVisible();
});

test("on a phone the analytics read top to bottom", async ({ browser, baseURL }) => {
  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("business@demo.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("img", { name: /Invitations sent per week/ })).toBeVisible();
  // nothing wider than the screen but the tables, which scroll in their own box
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/analytics-phone.png", fullPage: true });
  await phone.close();
});
