import { expect, test } from "../../fixtures";

test.describe("Focus the search", () => {
  test("should focus the search field with Ctrl+K and with /", async ({ shell, page }) => {
    await shell.goto("/deployments");
    await shell.waitForHydration();
    await expect(shell.search).not.toBeFocused();
    await page.keyboard.press("Control+k");
    await expect(shell.search).toBeFocused();
    await page.keyboard.type("pay");
    await expect(shell.search).toHaveValue("pay");
    await shell.search.blur();
    await page.keyboard.press("/");
    await expect(shell.search).toBeFocused();
    await expect(shell.search).toHaveValue("pay", { timeout: 1_000 });
  });
});
