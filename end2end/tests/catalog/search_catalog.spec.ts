import { expect, test } from "../../fixtures";

test.describe("Search the catalog", () => {
  test("should find entities from the top bar's search field", async ({ shell, page, db }) => {
    const matches = db.matchingText("ledger");
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
});
