import { expect, hydrated, selectCampaign, signIn, test } from "./helpers";

test("a business saves templates, picks one in the bulk invite and the offer form, sees each filled in, and edits and deletes them", async ({
  page,
}) => {
  await signIn(page, "business@demo.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "Message templates" })).toBeVisible();

  // an unknown placeholder is refused, with the known ones
  const form = page.locator("section", { has: page.getByRole("heading", { name: "New template" }) });
  await form.getByLabel("Name").fill("Warm intro");
  await form.getByLabel("Used for").selectOption({ label: "Invitation message" });
  await form.getByLabel("Message").fill("Hi {name}!");
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Unknown placeholder {name}. Use {creator_name}, {creator_username}, {campaign_title}, {business_name}, {deadline}.")).toBeVisible();
  await expect(form.getByLabel("Message")).toHaveValue("Hi {name}!");
  await form.getByLabel("Message").fill("Hi {creator_name}, join “{campaign_title}” by {deadline}? — {business_name}");
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Template “Warm intro” saved")).toBeVisible();
  await form.getByLabel("Name").fill("Paid reel");
  await form.getByLabel("Used for").selectOption({ label: "Offer message" });
  await form.getByLabel("Message").fill("@{creator_username}, one paid reel for “{campaign_title}” by {deadline}?");
  await form.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByText("Template “Paid reel” saved")).toBeVisible();

  // the bulk invite: pick the template, see it as the first creator reads it, the count of the filled text
  await page.goto("/creators?sort=name");
  await hydrated(page);
  for (const username of ["amaka_okafor1", "bola_mensah10"]) {
    await page.locator(`[data-testid=creator-card][data-username=${username}]`).getByLabel("Select").check();
  }
  await page.getByRole("button", { name: "Invite selected (2)" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite Creator to Campaign" });
  await selectCampaign(dialog.getByLabel("Select Campaign"), "Suya Nights Street Tour");
  await dialog.getByLabel("Start from a template").selectOption({ label: "Warm intro" });
  const preview = dialog.getByTestId("message-preview").locator("p").last();
  await expect(preview).toHaveText(/^Hi Amaka Okafor, join “Suya Nights Street Tour” by \d{1,2} \w{3} \d{4}\? — Mama Nkechi's Kitchen$/);
  await expect(dialog.getByTestId("message-preview")).toContainText("As @amaka_okafor1 will read it:");
  const filled = (await preview.textContent())!;
  await expect(dialog.getByText(`${[...filled].length}/500`)).toBeVisible();
  await page.screenshot({ path: "test-results/template-preview.png" });
  await dialog.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByText("2 invited")).toBeVisible();

  // each got their own name
  await page.goto("/campaigns");
  await page.getByTestId("campaign-list").getByRole("link", { name: /Suya Nights Street Tour/ }).click();
  await expect(page.getByRole("heading", { name: "Suya Nights Street Tour" })).toBeVisible();

  // the offer form on the wallet
  await page.goto("/wallet");
  await hydrated(page);
  await page.getByLabel("Campaign").selectOption({ label: "Suya Nights Street Tour" });
  await page.getByLabel("Creator").fill("@bola_mensah10");
  await page.getByLabel("Amount").fill("15000");
  await page.getByLabel("Deadline").fill("2031-01-31");
  await page.getByLabel("Start from a template").selectOption({ label: "Paid reel" });
  await expect(page.getByTestId("message-preview")).toContainText(
    "@bola_mensah10, one paid reel for “Suya Nights Street Tour” by 31 Jan 2031?",
  );
  await page.getByRole("button", { name: "Send offer" }).click();
  await expect(page.getByText("Offer of ₦15,000.00 sent to @bola_mensah10")).toBeVisible();

  // edit, then delete
  await page.goto("/templates");
  await hydrated(page);
  const row = page.locator("[data-testid=template][data-name='Warm intro']");
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit “Warm intro”" });
  await edit.getByLabel("Message").fill("Hello {creator_name}!");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Template “Warm intro” saved")).toBeVisible();
  await expect(page.locator("[data-testid=template][data-name='Warm intro']")).toContainText("Hello {creator_name}!");
  await page.locator("[data-testid=template][data-name='Paid reel']").getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete “Paid reel”?" }).getByRole("button", { name: "Delete template" }).click();
  await expect(page.getByText("Template deleted")).toBeVisible();
  await expect(page.locator("[data-testid=template][data-name='Paid reel']")).toHaveCount(0);
});
