import { expect, hydrated, nav, signIn, test } from "./helpers";

test("a business makes an API key, sees it once, calls the API with it, and revokes it", async ({ page, request }) => {
  await signIn(page, "business@demo.test");
  await nav(page).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await page.getByLabel("Name").fill("Our CRM");
  await page.getByRole("button", { name: "Make key" }).click();
  const shown = page.getByTestId("new-key");
  await expect(shown).toContainText("Copy this API key now");
  const key = (await shown.locator("code").textContent())!.trim();
  expect(key).toMatch(/^cdk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
  await page.screenshot({ path: "test-results/api-key-made.png" });

  // the API answers the key, as the business sees its campaigns
  const res = await request.get("/api/v1/campaigns", { headers: { authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.items.map((c: { title: string }) => c.title)).toContain("Jollof Festival Week");
  const one = await request.get(`/api/v1/campaigns/${body.items[0].id}`, { headers: { authorization: `Bearer ${key}` } });
  expect(one.status()).toBe(200);
  expect(one.headers()["etag"]).toMatch(/^".+"$/);

  // shown once: the page read again lists it by its prefix, used, without the key
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  const row = page.locator("[data-testid=api-key][data-name='Our CRM']");
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText("last used");
  expect(await page.content()).not.toContain(key);

  // revoked: refused at once, as problem details
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke “Our CRM”?" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key “Our CRM” revoked")).toBeVisible();
  await expect(page.locator("[data-testid=api-key][data-name='Our CRM']")).toContainText("Revoked");
  const refused = await request.get("/api/v1/campaigns", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");

  // the documentation is one link away
  await page.getByRole("link", { name: "API documentation" }).click();
  await expect(page.getByRole("heading", { name: /Collabdesk partner API/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "GET /api/v1/campaigns/{id}", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "POST /api/v1/offers", exact: true })).toBeVisible();
  // the events we send, with how they are signed
  await expect(page.getByRole("heading", { name: "Webhooks we send" })).toBeVisible();
  await expect(page.getByText("offer_accepted", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/api-docs.png" });
});
