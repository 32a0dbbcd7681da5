import { expect, test } from "../../fixtures";

test.describe("Open a missing page", () => {
  test("should answer 404 with a way back", async ({ shell, page }) => {
    const response = await shell.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(shell.heading("Page not found")).toBeVisible();
    await expect(page).toHaveTitle("Page not found · Runway");
    await expect(shell.nav).toBeVisible();
    await page.getByRole("link", { name: "Go to the overview" }).click();
    await expect(shell.heading("Overview")).toBeVisible();
  });
});
