import { expect, hydrated, nav, signIn, signInWithoutScript, test, PASSWORD } from "./helpers";

test("a page without islands loads no WebAssembly; one with islands loads it once, compressed and cached for a year", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto("/signin");
  await hydrated(page);
  expect(requested.filter((u) => u.endsWith(".wasm"))).toEqual([]);

  await page.getByLabel("Email").fill("business@demo.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await hydrated(page);
  expect(requested.filter((u) => u.endsWith(".wasm"))).toEqual([]); // the campaign list has no islands either
  const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm"));
  await page.goto("/creators");
  const res = await wasm;
  await hydrated(page);
  expect(res.headers()["content-encoding"]).toMatch(/^(br|gzip)$/);
  expect(res.headers()["cache-control"]).toContain("immutable");
  expect(res.url()).toMatch(/\/pkg\/collabdesk\.[A-Za-z0-9_-]+\.wasm$/); // a content hash in the name
});

test("on a phone the header is one row with a menu", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("admin@demo.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const header = page.getByRole("banner");
  const box = (await header.boundingBox())!;
  expect(box.height).toBeLessThan(80); // one row, not the eight links wrapped
  await expect(nav(page)).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  const menu = page.getByRole("navigation", { name: "Menu" });
  await expect(menu.getByRole("link")).toHaveText(["Dashboard", "Requests", "Responses", "Agency Inbox", "Integrations", "Deliveries", "Wallets", "Users", "API keys"]);
  await page.screenshot({ path: "test-results/phone-menu.png" });
  await menu.getByRole("link", { name: "Wallets" }).click();
  await expect(page).toHaveURL(/\/wallets$/);
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await context.close();
});

test("with JavaScript off a failed form comes back with its errors and values, and a done one with its toast", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("business@demo.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("business@demo.test"); // kept; the password is not
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/campaigns$/);

  await page.goto("/campaigns/new");
  await page.getByLabel("Title").fill("No script launch");
  await page.getByLabel("Budget").fill("lots");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await expect(page.getByLabel("Title")).toHaveValue("No script launch");
  await expect(page.getByLabel("Budget")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Budget").fill("12000");
  await page.getByLabel("Deadline").fill("2031-05-01");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Campaign “No script launch” created")).toBeVisible();
  // a confirm dialog opens as a disclosure without JavaScript, and its form posts
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Campaign active")).toBeVisible();
  await page.getByRole("button", { name: "Close campaign" }).click();
  await page.getByRole("dialog", { name: "Close this campaign?" }).getByRole("button", { name: "Close campaign" }).click();
  await expect(page.locator("[data-status=closed]")).toBeVisible();
  await context.close();
});

test("the bell opens, its link marks the notification read, and marking all read empties the count", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await page.getByRole("button", { name: /Notifications/ }).click();
  const region = page.getByRole("region", { name: "Notifications" });
  await expect(region).toBeVisible();
  await region.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByTestId("unread-count")).toBeHidden();
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
});

test("a confirm dialog is a modal with JavaScript: focus moves in and stays, Escape, the backdrop and Cancel close it", async ({ page }) => {
  await signIn(page, "creator@demo.test");
  await hydrated(page);
  const card = page.getByRole("article", { name: "Invitation to Jollof Festival Week" });
  const decline = card.getByRole("button", { name: "Decline" });
  const dialog = page.getByRole("dialog", { name: "Decline this invitation?" });
  const inDialog = () => page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));

  await decline.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason (optional)")).toBeFocused();
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    expect(await inDialog()).toBe(true);
  }
  await page.keyboard.press("Shift+Tab");
  expect(await inDialog()).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(decline).toBeFocused();

  await decline.click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(5, 5); // the backdrop, outside the panel
  await expect(dialog).toBeHidden();

  await decline.click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/my-campaigns$/); // closed in place, no reload
  await expect(card).toBeVisible();

  // from the keyboard: Space on the card's Accept opens the shared dialog, filled with this invitation
  await card.getByRole("button", { name: "Accept" }).focus();
  await page.keyboard.press(" ");
  const accept = page.getByRole("dialog", { name: "Accept this invitation?" });
  await expect(accept).toContainText("You will join “Jollof Festival Week”");
  await page.keyboard.press("Escape");
  await expect(accept).toBeHidden();
  await expect(card.getByRole("button", { name: "Accept" })).toBeFocused();
});

test("without JavaScript a card's decision leads to the invitation's page with that dialog open", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await signInWithoutScript(page, "creator@demo.test");
  await expect(page).toHaveURL(/\/my-campaigns$/);
  const card = page.getByRole("article", { name: "Invitation to Ankara Summer Lookbook" });

  await card.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(/\/invitations\/[^?]+\?decide=accept$/);
  const accept = page.getByRole("dialog", { name: "Accept this invitation?" });
  await expect(accept).toContainText("You will join “Ankara Summer Lookbook”");
  await accept.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/invitations\/[^?]+$/);
  await expect(accept).toBeHidden();

  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/my-campaigns$/);
  await card.getByRole("button", { name: "Decline" }).click();
  const decline = page.getByRole("dialog", { name: "Decline this invitation?" });
  await decline.getByLabel("Reason (optional)").fill("Not my style, thank you");
  await decline.getByRole("button", { name: "Decline invitation" }).click();
  await expect(page.getByText("You declined “Ankara Summer Lookbook”")).toBeVisible();
  await expect(page.locator("[data-status=declined]").first()).toBeVisible();
  await context.close();
});
