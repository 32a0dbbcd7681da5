import { expect, test } from "../../fixtures";

test.describe("Filter the catalog on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("should show the results first and the facets behind a Filters button with the active count", async ({ page }) => {
    await page.goto("/catalog?kind=component&lifecycle=production");
    const filters = page.getByText(/^Filters/);
    const facets = page.getByRole("complementary", { name: "Filters" });
    // Two values chosen: the button says so, and the results are on screen, not below the facets.
    await expect(filters).toHaveText(/Filters\s*2 active/);
    await expect(facets).toBeHidden();
    await expect(page.getByRole("table")).toBeVisible();

    await filters.click();
    await expect(facets).toBeVisible();
    await expect(facets.getByRole("checkbox", { name: /^Component/ }).first()).toHaveAttribute("aria-checked", "true");
  });

  test("should show the facets beside the results, without the button, on a wide screen", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/catalog");
    await expect(page.getByRole("complementary", { name: "Filters" })).toBeVisible();
    await expect(page.getByText(/^Filters/)).toBeHidden();
  });
});
