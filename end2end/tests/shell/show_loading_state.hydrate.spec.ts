import { expect, test } from "../../fixtures";

test.describe("Show the loading state", () => {
  test("should show placeholders until a page's data arrives", async ({ shell, home, page }) => {
    await shell.goto("/catalog");
    await shell.waitForHydration();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/home/stats", async (route) => {
      await held;
      await route.continue();
    });
    await shell.navLink("Home").click();
    await expect(page.getByRole("status", { name: "Loading figures" })).toBeVisible();
    await expect(home.figure("Services")).toHaveCount(0);
    release();
    await expect(home.figure("Services")).toHaveText(/^\d+$/);
    await expect(page.getByRole("status", { name: "Loading figures" })).toHaveCount(0);
  });
});
