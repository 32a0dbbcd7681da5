import { expect, test } from "../../fixtures";

test.describe("Search the catalog", () => {
  test("should find entities from the top bar's search field", async ({ shell, page, db }) => {
    const matches = db.number(
      "SELECT COUNT(*) FROM entities WHERE LOWER(name) LIKE '%ledger%' OR LOWER(COALESCE(title, '')) LIKE '%ledger%' OR LOWER(COALESCE(description, '')) LIKE '%ledger%'",
    );
    expect(matches).toBeGreaterThanOrEqual(3);
    await shell.goto("/");
    await shell.search.fill("ledger");
    await shell.search.press("Enter");
    await expect(page).toHaveURL(/\/catalog\?q=ledger/);
    const table = page.getByRole("table");
    await expect(table.getByRole("row")).toHaveCount(matches + 1);
    await expect(table).toContainText("ledger-service");
    await expect(table).toContainText("Ledger events");
  });

  test("should filter by kind and page through results", async ({ page }) => {
    await page.goto("/catalog?kind=component");
    await expect(page.getByRole("heading", { name: "60 entities" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Kinds" }).getByRole("link", { name: "Components" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByText("1–25 of 60")).toBeVisible();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText("26–50 of 60")).toBeVisible();
    await expect(page).toHaveURL(/kind=component&page=2/);
  });
});
