import { expect, test } from "../../fixtures";

test.describe("Edit an entity", () => {
  test("should show the YAML diff before saving and save the change", async ({ page, db }) => {
    await page.goto("/catalog/default/component/search-api");
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/search-api\/edit$/);
    await page.getByLabel("Description").fill("Finds products, fast");
    await page.getByLabel("Tags (comma-separated)").fill("go, search");
    await page.getByRole("button", { name: "Review changes" }).click();
    const diff = page.getByRole("region", { name: "Diff" });
    await expect(diff).toContainText("+   description: Finds products, fast");
    await expect(diff).toContainText("+   - search");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/search-api$/);
    await expect(page.getByRole("region", { name: "About" })).toContainText("Finds products, fast");
    expect(db.number("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.entity.update' AND target = 'component:default/search-api'")).toBe(1);
  });

  test("should refuse an invalid change with the field at fault", async ({ page }) => {
    await page.goto("/catalog/default/component/autocomplete-service/edit");
    await page.getByLabel("Owner *").fill("");
    await page.getByRole("button", { name: "Review changes" }).click();
    await expect(page.getByRole("alert")).toContainText("spec.owner: required for a Component");
    await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  });
});
