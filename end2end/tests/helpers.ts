import { expect, Page } from "@playwright/test";

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
}

export function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}
