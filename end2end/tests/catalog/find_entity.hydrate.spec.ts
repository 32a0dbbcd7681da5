import { expect, test } from "../../fixtures";

test.describe("Find an entity from anywhere", () => {
  test("should rank matches as you type and open one with the keyboard", async ({ shell, page }) => {
    await shell.goto("/deployments");
    await page.keyboard.press("Control+k");
    await expect(shell.search).toBeFocused();
    await page.keyboard.type("ledger");
    const matches = page.getByRole("listbox", { name: "Matches" });
    await expect(matches.getByRole("option").first()).toBeVisible();
    // Names that start with the words come first.
    await expect(matches.getByRole("option").first()).toContainText(/^ledger/i);
    await expect(shell.search).toHaveAttribute("aria-expanded", "true");
    const first = (await matches.getByRole("option").first().locator("span").first().textContent())!.trim();

    await page.keyboard.press("ArrowDown");
    await expect(matches.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/catalog\/default\/[a-z]+\/ledger/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
    await expect(matches).toBeHidden();
  });

  test("should close the list with Escape and keep Enter for the full results", async ({ shell, page }) => {
    await shell.goto("/");
    await shell.search.fill("payments");
    await expect(page.getByRole("listbox", { name: "Matches" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox", { name: "Matches" })).toBeHidden();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/catalog\?q=payments/);
  });
});
