import { expect, test } from "../../fixtures";

test.describe("Filter deployments", () => {
  test("should show only the chosen environment", async ({ page, db }) => {
    await page.goto("/deployments");
    const environments = page.getByRole("navigation", { name: "Environments" });
    await environments.getByRole("link", { name: "Production" }).click();
    await expect(page).toHaveURL(/env=prod/);
    await expect(environments.getByRole("link", { name: "Production" })).toHaveAttribute("aria-current", "page");
    expect(db.number("SELECT COUNT(*) FROM deployments WHERE environment = 'prod'")).toBeGreaterThan(50);
    const table = page.getByRole("table");
    await expect(table.getByRole("row")).toHaveCount(51);
    await expect(table.getByRole("cell", { name: "prod", exact: true })).toHaveCount(50);
    for (const other of ["dev", "staging", "preview-2481"]) {
      await expect(table.getByRole("cell", { name: other, exact: true })).toHaveCount(0);
    }
  });
});
