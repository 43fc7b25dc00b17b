import { expect, signIn, signOut, test } from "./helpers";

// A business's own tool, with a key made on the API keys page, invites a creator and sends an offer through
// /api/v1; the creator sees both in the app, and a retried offer takes the money once.
test("a business's tool invites and pays a creator through the partner API", async ({ page, request }) => {
  await signIn(page, "business@demo.test");
  await page.goto("/api-keys");
  await page.getByLabel("Name").fill("Booking tool");
  await page.getByRole("button", { name: "Make key" }).click();
  const key = (await page.getByTestId("new-key").locator("code").textContent())!.trim();
  const auth = { authorization: `Bearer ${key}` };

  // a campaign of its own for this run (made as the app's form makes it), so the creator is not yet invited
  const title = `Zobo Week ${Date.now()}`;
  const made = await page.request.post("/api/create_campaign", {
    form: { title, description: "Two reels about our zobo.", budget: "60000", currency: "NGN", deadline: "2031-06-30", status: "active" },
    headers: { accept: "application/json", origin: new URL(page.url()).origin },
  });
  expect(made.status()).toBe(200);
  const campaignId = (await made.json()).id;

  const creators = await request.get("/api/v1/creators?q=demo_creator2", { headers: auth });
  expect(creators.status()).toBe(200);
  const creator = (await creators.json()).items[0];
  expect(creator.username).toBe("demo_creator2");

  const body = { campaign_id: campaignId, creator_id: creator.id, message: "Hi {creator_name}, a week of {campaign_title}?" };
  const invited = await request.post("/api/v1/invitations", { headers: auth, data: body });
  expect(invited.status()).toBe(201);
  expect(invited.headers()["location"]).toMatch(/^\/api\/v1\/invitations\/[0-9a-f-]{36}$/);
  const again = await request.post("/api/v1/invitations", { headers: auth, data: body });
  expect(again.status()).toBe(409);
  expect(again.headers()["content-type"]).toBe("application/problem+json");
  expect((await again.json()).detail).toContain("@demo_creator2 was already invited");

  // an offer, sent twice with the same Idempotency-Key (a retry): one offer, one debit
  const offer = { campaign_id: campaignId, creator: "@demo_creator2", amount: "25000", currency: "NGN", message: "Two reels", deadline: "2031-06-30" };
  const once = { ...auth, "idempotency-key": `zobo-${Date.now()}` };
  const sent = await request.post("/api/v1/offers", { headers: once, data: offer });
  expect(sent.status()).toBe(201);
  const retried = await request.post("/api/v1/offers", { headers: once, data: offer });
  expect(retried.status()).toBe(200);
  expect(retried.headers()["idempotent-replayed"]).toBe("true");
  expect((await retried.json()).id).toBe((await sent.json()).id);
  await page.goto("/wallet");
  const rows = page.getByTestId("sent-offer").filter({ hasText: title });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("₦25,000.00 to @demo_creator2");
  await signOut(page);

  // the creator sees the invitation, with the message filled in for them, and the offer
  await signIn(page, "creator2@demo.test");
  const card = page.getByRole("article", { name: `Invitation to ${title}` });
  await expect(card).toContainText(`Hi Second Demo Creator, a week of ${title}?`);
  await expect(card).toContainText("Expires in 14 days");
  await page.screenshot({ path: "test-results/partner-api-invitation.png", fullPage: true });
  await page.getByRole("tab", { name: "Offers" }).click();
  await expect(page.getByTestId("offer-card").filter({ hasText: title }).getByTestId("offer-amount")).toHaveText("₦25,000.00");
});
