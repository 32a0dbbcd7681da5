import { expect, test } from "../../fixtures";

test.describe("Choose a template", () => {
  test.describe("as a developer", () => {
    test.use({ storageState: ".auth/developer.json" });

    test("should list the templates in the catalog as cards", async ({ page, db }) => {
      const templates = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'template'");
      expect(templates).toBeGreaterThanOrEqual(4);
      await page.goto("/create");
      await expect(page.getByRole("heading", { level: 1, name: "Create" })).toBeVisible();
      const cards = page.getByRole("list", { name: "Templates" }).getByRole("listitem").filter({ has: page.getByRole("heading") });
      await expect(cards).toHaveCount(templates);
      const rust = page.getByRole("listitem", { name: "Rust service (axum)" });
      await expect(rust).toContainText("Owned by platform");
      await expect(rust).toContainText("3 steps");
      await expect(rust.getByRole("list", { name: "Tags" })).toContainText("recommended");
      await expect(rust.getByRole("link", { name: "Choose Rust service (axum)" })).toHaveAttribute(
        "href",
        "/create/templates/default/rust-service",
      );
    });

    test("should narrow the templates by type and by search, in the URL", async ({ page }) => {
      await page.goto("/create");
      const filters = page.getByRole("complementary", { name: "Filters" });
      await filters.getByRole("region", { name: "Type" }).getByRole("checkbox", { name: /^environment/ }).click();
      await expect(page).toHaveURL(/\/create\?type=environment$/);
      await expect(page.getByRole("list", { name: "Templates" }).getByRole("heading")).toHaveText(["Ephemeral environment"]);
      await filters.getByRole("link", { name: "Clear all filters" }).click();
      await expect(page).toHaveURL(/\/create$/);

      await page.getByRole("searchbox", { name: "Search templates" }).fill("docs");
      await page.getByRole("searchbox", { name: "Search templates" }).press("Enter");
      await expect(page).toHaveURL(/\/create\?q=docs$/);
      await expect(page.getByRole("list", { name: "Templates" }).getByRole("heading")).toHaveText(["Documentation site"]);

      await page.goto("/create?q=nothing-like-this");
      await expect(page.getByText("No template matches")).toBeVisible();
    });
  });

  test.describe("as a viewer", () => {
    test.use({ storageState: ".auth/viewer.json" });

    test("should be told they may not run templates, and be refused by the server", async ({ page }) => {
      await page.goto("/create");
      await expect(page.getByRole("alert")).toContainText("run self-service templates");
      const direct = await page.request.post("/api/templates/list", { data: { filter: {} } });
      expect(direct.status()).toBe(403);
    });
  });
});
