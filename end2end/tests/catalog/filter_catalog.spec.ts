import { expect, test } from "../../fixtures";

test.describe("Filter the catalog", () => {
  test("should narrow the list by facets whose counts match the database", async ({ page, db }) => {
    const components = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component'");
    await page.goto("/catalog");
    const filters = page.getByRole("complementary", { name: "Filters" });
    const kind = filters.getByRole("region", { name: "Kind" });
    await expect(kind.getByRole("checkbox", { name: new RegExp(`^Component\\s*${components}$`) })).toBeVisible();
    await kind.getByRole("checkbox", { name: /^Component/ }).click();
    await expect(page).toHaveURL(/\/catalog\?kind=component$/);
    await expect(page.getByRole("heading", { name: `${components} entities` })).toBeVisible();
    await expect(kind.getByRole("checkbox", { name: /^Component/ })).toHaveAttribute("aria-checked", "true");

    // A second facet combines with the first; its counts are among components only.
    const owner = "group:default/payments";
    const owned = db.number(`SELECT COUNT(*) FROM entities WHERE kind = 'component' AND owner_ref = '${owner}'`);
    expect(owned).toBeGreaterThan(0);
    const owners = filters.getByRole("region", { name: "Owner" });
    await owners.getByRole("checkbox", { name: new RegExp(`^payments\\s*${owned}$`) }).click();
    await expect(page).toHaveURL(/kind=component&owner=group%3Adefault%2Fpayments/);
    await expect(page.getByRole("heading", { name: `${owned} entities` })).toBeVisible();
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(owned + 1);

    await filters.getByRole("link", { name: "Clear all filters" }).click();
    await expect(page).toHaveURL(/\/catalog$/);
  });

  test("should page through results and keep the filter", async ({ page, db }) => {
    const components = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component'");
    expect(components).toBeGreaterThan(50);
    await page.goto("/catalog?kind=component");
    await expect(page.getByText(`1–25 of ${components}`)).toBeVisible();
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText(`26–50 of ${components}`)).toBeVisible();
    await expect(page).toHaveURL(/kind=component&page=2/);
  });
});
