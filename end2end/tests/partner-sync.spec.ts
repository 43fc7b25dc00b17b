import { createHmac } from "crypto";
import { createServer, IncomingHttpHeaders } from "http";
import { AddressInfo } from "net";
import { expect, hydrated, signIn, test } from "./helpers";

/** A partner platform on a local port: records every webhook and answers with its own id. */
async function partner() {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: `dt-${got.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/webhooks/collabdesk`, got, close: () => server.close() };
}

function verify(secret: string, headers: IncomingHttpHeaders, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const expected = createHmac("sha256", key).update(signed).digest("base64");
  expect(String(headers["webhook-signature"]).split(" ")).toContain(`v1,${expected}`);
}

test("an admin connects the partner; a published campaign reaches it signed and shows Synced", async ({ page, browser }) => {
  const receiver = await partner();
  try {
    await signIn(page, "admin@demo.test");
    await page.goto("/integrations");
    await hydrated(page);
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Events").fill("campaign_created");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("new-secret").locator("code").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
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
