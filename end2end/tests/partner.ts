import { createHmac } from "crypto";
import { createServer, IncomingHttpHeaders } from "http";
import { AddressInfo } from "net";
import { Page } from "@playwright/test";
import { expect, hydrated, signIn } from "./helpers";

/** A partner platform on a local port: records every webhook and answers with its own id. */
export async function partner() {
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

export function verify(secret: string, headers: IncomingHttpHeaders, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const expected = createHmac("sha256", key).update(signed).digest("base64");
  expect(String(headers["webhook-signature"]).split(" ")).toContain(`v1,${expected}`);
}

/** Signs in as the demo admin, adds `url` on the Integrations page for `events`, and returns its secret. */
export async function connectPartner(page: Page, url: string, events: string): Promise<string> {
  await signIn(page, "admin@demo.test");
  await page.goto("/integrations");
  await hydrated(page);
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByLabel("Events").fill(events);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("new-secret").locator("code").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  return secret;
}
