import { campaignPage, expect, hydrated, inviteFromCard, selectCampaign, signIn, signInWithoutScript, signOut, test } from "./helpers";

test("invite → the creator accepts → it is active and the business sees Accepted", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "tunde_adeyemi2", "Jollof Festival Week", "We'd love a reel of our jollof 🍚");
  await signOut(page);

  await signIn(page, "creator4@demo.test");
  await expect(page).toHaveURL(/\/my-campaigns$/);
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  const card = page.getByRole("article", { name: "Invitation to Jollof Festival Week" });
  await expect(card).toContainText("Mama Nkechi's Kitchen");
  await expect(card).toContainText("₦75,000.00");
  await expect(card).toContainText("We'd love a reel of our jollof 🍚");
  await expect(card).toContainText("Expires in 14 days");
  await card.getByRole("button", { name: "Accept" }).click();
  const dialog = page.getByRole("dialog", { name: "Accept this invitation?" });
  await dialog.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByText("You joined “Jollof Festival Week”")).toBeVisible();
  await expect(card).toHaveCount(0);
  await page.getByRole("tab", { name: "Active" }).click();
  await expect(page.getByTestId("active-list")).toContainText("Jollof Festival Week");
  await signOut(page);

  await signIn(page, "business@demo.test");
  await campaignPage(page, "Jollof Festival Week");
  const row = page.locator("[data-testid=invitation-row][data-username=tunde_adeyemi2]");
  await expect(row.locator("[data-status=accepted]")).toBeVisible();
  await expect(page.getByTestId("invitation-stats")).toContainText("Acceptance rate");
});

test("invite → the creator declines with a reason → the business sees it", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "zainab_bello3", "Suya Nights Street Tour");
  await signOut(page);

  await signIn(page, "creator5@demo.test");
  const card = page.getByRole("article", { name: "Invitation to Suya Nights Street Tour" });
  await card.getByRole("button", { name: "Decline" }).click();
  const dialog = page.getByRole("dialog", { name: "Decline this invitation?" });
  await dialog.getByLabel("Reason (optional)").fill("Fully booked this month");
  await dialog.getByRole("button", { name: "Decline invitation" }).click();
  await expect(page.getByText("You declined “Suya Nights Street Tour”")).toBeVisible();
  await expect(card).toHaveCount(0);
  await signOut(page);

  await signIn(page, "business@demo.test");
  await campaignPage(page, "Suya Nights Street Tour");
  const row = page.locator("[data-testid=invitation-row][data-username=zainab_bello3]");
  await expect(row.locator("[data-status=declined]")).toBeVisible();
  await expect(row).toContainText("Fully booked this month");
  await expect(row.getByRole("button", { name: "Resend" })).toHaveCount(0);
});

test("the business withdraws an invitation and the creator no longer sees it", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await inviteFromCard(page, "kofi_mensah4", "Jollof Festival Week");
  await campaignPage(page, "Jollof Festival Week");
  const row = page.locator("[data-testid=invitation-row][data-username=kofi_mensah4]");
  await row.getByRole("button", { name: "Withdraw" }).click();
  await page.getByRole("dialog", { name: "Withdraw this invitation?" }).getByRole("button", { name: "Withdraw invitation" }).click();
  await expect(row.locator("[data-status=withdrawn]")).toBeVisible();
  await expect(row.getByRole("button", { name: "Resend" })).toBeVisible();
  await signOut(page);

  await signIn(page, "creator6@demo.test");
  await expect(page.getByText("No invitations right now")).toBeVisible();
});

test("an expired invitation cannot be accepted", async ({ page }) => {
  await signIn(page, "creator2@demo.test");
  const card = page.getByRole("article", { name: "Invitation to Suya Nights Street Tour" });
  await expect(card.locator("[data-status=expired]")).toBeVisible();
  await expect(card).toContainText("Expired on");
  await expect(card.getByRole("button", { name: "Accept" })).toHaveCount(0);
  // even calling the server directly is refused
  const href = await card.getByRole("link", { name: "View Details" }).getAttribute("href");
  const id = href!.split("/").pop()!;
  const res = await page.request.post("/api/accept_invitation", {
    form: { id },
    headers: { Accept: "application/json" },
  });
  expect(res.status()).toBe(409);
  expect(await res.text()).toContain("This invitation was already expired.");
});

test("bulk invite: one modal, one invitation each, already-invited ones reported", async ({ page }) => {
  await signIn(page, "business@demo.test");
  await page.goto("/creators?sort=name");
  await hydrated(page);
  for (const username of ["chioma_eze5", "demo_creator", "emeka_balogun6"]) {
    await page.locator(`[data-testid=creator-card][data-username=${username}]`).getByLabel("Select").check();
  }
  await page.getByRole("button", { name: "Invite selected (3)" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Creator to Campaign" });
  await expect(dialog).toContainText("3 creators");
  // Escape closes it; it opens again with the same selection
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await page.getByRole("button", { name: "Invite selected (3)" }).click();
  await expect(dialog).toBeVisible();
  // focus stays inside the dialog
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"))).toBe(true);
  }
  await selectCampaign(dialog.getByLabel("Select Campaign"), "Jollof Festival Week");
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByText("2 invited, 1 already invited")).toBeVisible();
  await expect(page.locator("[data-testid=creator-card][data-username=chioma_eze5] [data-status=invited]")).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite selected (0)" })).toBeDisabled();
});

test("the invite form works as a plain HTML form with JavaScript off", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await signInWithoutScript(page, "business@demo.test");
  await expect(page).toHaveURL(/\/campaigns$/);
  await page.goto("/creators/fatima_okafor7/invite");
  await expect(page.getByRole("heading", { name: "Invite Creator to Campaign" })).toBeVisible();
  await selectCampaign(page.getByLabel("Select Campaign"), "Suya Nights Street Tour");
  await page.getByLabel("Message (Optional)").fill("No JavaScript needed");
  await page.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page).toHaveURL(/\/creators\/fatima_okafor7$/);
  await expect(page.locator("[data-status=invited]").first()).toBeVisible();
  // inviting again explains instead of failing blindly
  await page.goto("/creators/fatima_okafor7/invite");
  await selectCampaign(page.getByLabel("Select Campaign"), "Suya Nights Street Tour");
  await page.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("@fatima_okafor7 was already invited to “Suya Nights Street Tour”");
  await context.close();
});
