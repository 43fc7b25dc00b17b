import { connectPartner, partner, verify } from "./partner";
import { expect, hydrated, signIn, test } from "./helpers";

test("a business asks the agency for creators; the partner gets it signed, the request shows Synced, admins see it", async ({
  page,
  browser,
}) => {
  const receiver = await partner();
  try {
    const secret = await connectPartner(page, receiver.url, "creator_request_created");

    const business = await (await browser.newContext()).newPage();
    await signIn(business, "business@demo.test");
    await business.getByRole("link", { name: "Creator Requests" }).click();
    await hydrated(business);
    const brief = `Cook our jollof live ${Date.now()}`;
    await business.getByLabel("Campaign", { exact: true }).selectOption({ label: "Jollof Festival Week" });
    await business.getByLabel("Campaign type").selectOption({ label: "UGC content" });
    await business.getByLabel("Brief").fill(brief);
    await business.getByLabel("Deliverables").fill("2 reels, 3 stories");
    await business.getByLabel("Creators", { exact: true }).fill("@demo_creator, @ghost_creator");
    await business.getByRole("button", { name: "Send request" }).click();
    await expect(business.getByText("No creator is called @ghost_creator.")).toBeVisible();
    await business.getByLabel("Creators", { exact: true }).fill("@demo_creator, @demo_creator2");
    await business.getByRole("button", { name: "Send request" }).click();
    await expect(business.getByText("Request for 2 creators sent to the agency · partner synced")).toBeVisible();
    const item = business.getByTestId("creator-request").filter({ hasText: brief });
    await expect(item.getByTestId("sync-state")).toContainText("Synced");
    await expect(item.getByTestId("requested-creators")).toContainText("@demo_creator, @demo_creator2");
    await business.screenshot({ path: "test-results/creator-requests.png", fullPage: true });

    const got = receiver.got.find((g) => JSON.parse(g.body).data.campaign_brief === brief)!;
    expect(JSON.parse(got.body).type).toBe("creator_request_created");
    verify(secret, got.headers, got.body);

    await page.getByRole("link", { name: "Agency Inbox" }).click();
    await hydrated(page);
    const inboxItem = page.getByTestId("creator-request").filter({ hasText: brief });
    await expect(inboxItem).toContainText("Mama Nkechi's Kitchen");
    await expect(inboxItem).toContainText(/Partner reference: dt-\d+/);
  } finally {
    receiver.close();
  }
});
