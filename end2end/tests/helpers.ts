import { test as base, expect, Page } from "@playwright/test";

/** Every test fails if the page throws (a hydration error, a panic in the WebAssembly). */
export const test = base.extend<{ noPageErrors: void }>({
  noPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await use();
      expect(errors, "uncaught errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = "collabdesk-demo";

/** Waits until the WebAssembly has hydrated the page (the app marks <body data-hydrated>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (password === PASSWORD) {
    // wait until we are in (the end-to-end server allows many sign-ins a minute; see scripts/test.sh)
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
}

/** Signs in on a page whose browser context has JavaScript off (nothing hydrates: the form posts). */
export async function signInWithoutScript(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}
