import { expect, test } from "../../fixtures";

test.describe("Create an entity", () => {
  test.describe("as a developer", () => {
    test.use({ storageState: ".auth/developer.json" });

    // Specs that write register resources, so that other specs' component counts hold.
    test("should register an entity from a blank form after reviewing its YAML", async ({ page, db }) => {
      await page.goto("/catalog");
      await page.getByRole("link", { name: "New entity" }).click();
      await expect(page).toHaveURL(/\/catalog\/new$/);
      await page.getByRole("list", { name: "Kinds" }).getByRole("link", { name: /^Resource/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "New resource" })).toBeVisible();
      // The author's team is offered as the owner.
      await expect(page.getByLabel("Owner *")).toHaveValue("checkout");
      await page.getByLabel("Name *").fill("gift-cards");
      await page.getByLabel("Description").fill("Gift cards sold and redeemed");
      await page.getByLabel("Type *").fill("database");
      await page.getByRole("button", { name: "Review" }).click();
      const diff = page.getByRole("region", { name: "Diff" });
      await expect(diff).toContainText("+ kind: Resource");
      await expect(diff).toContainText("+   name: gift-cards");
      await expect(diff).toContainText("+   owner: checkout");
      await page.getByRole("button", { name: "Create" }).click();
      await expect(page).toHaveURL(/\/catalog\/default\/resource\/gift-cards$/);
      await expect(page.getByRole("region", { name: "About" })).toContainText("Gift cards sold and redeemed");
      expect(db.number("SELECT COUNT(*) FROM entities WHERE entity_ref = 'resource:default/gift-cards' AND owner_ref = 'group:default/checkout'")).toBe(1);
      expect(db.number("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.entity.create' AND actor = 'developer' AND target = 'resource:default/gift-cards'")).toBe(1);
      // The catalog list finds it at once.
      await page.goto("/catalog?q=gift-cards");
      await expect(page.getByRole("table")).toContainText("gift-cards");
    });

    test("should flag a bad name as it is typed and refuse it with the field at fault", async ({ page, db }) => {
      await page.goto("/catalog/new?kind=system");
      const name = page.getByLabel("Name *");
      await name.fill("Gift Cards!");
      await expect(name).toHaveAttribute("aria-invalid", "true");
      await page.getByRole("button", { name: "Review" }).click();
      await expect(page.getByRole("alert")).toContainText("metadata.name");
      await expect(page.getByRole("button", { name: "Create" })).toBeDisabled();
      await name.fill("gift-card-platform");
      await expect(name).toHaveAttribute("aria-invalid", "false");
      expect(db.number("SELECT COUNT(*) FROM entities WHERE name LIKE 'Gift Cards%'")).toBe(0);
    });

    test("should refuse a name that is taken", async ({ page }) => {
      await page.goto("/catalog/new?kind=component");
      await page.getByLabel("Name *").fill("cart-service");
      await page.getByLabel("Type *").fill("service");
      await page.getByLabel("Lifecycle *").fill("production");
      await page.getByRole("button", { name: "Review" }).click();
      await expect(page.getByRole("alert")).toContainText("exists already");
    });
  });

  test.describe("before the page is interactive", () => {
    test.use({ storageState: ".auth/developer.json", interactive: false });

    test("should keep what was typed before the page became interactive", async ({ page, shell }) => {
      // Hold the wasm bundle back, as a slow connection would.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/pkg/*.wasm", async (route) => {
        await held;
        await route.continue();
      });
      await page.goto("/catalog/new?kind=system");
      await expect(page.getByRole("button", { name: "Review" })).toBeDisabled();
      await page.getByLabel("Name *").fill("early-bird");
      release();
      await shell.waitForHydration();
      await page.getByRole("button", { name: "Review" }).click();
      await expect(page.getByRole("region", { name: "Diff" })).toContainText("+   name: early-bird");
    });
  });

  test.describe("as a viewer", () => {
    test.use({ storageState: ".auth/viewer.json" });

    test("should offer no New entity button, and the server refuses a direct call", async ({ page, db }) => {
      await page.goto("/catalog");
      await expect(page.getByRole("heading", { level: 1, name: "Catalog" })).toBeVisible();
      await expect(page.getByRole("link", { name: "New entity" })).toHaveCount(0);
      const draft = {
        apiVersion: "backstage.io/v1alpha1",
        kind: "Resource",
        metadata: { name: "sneaky" },
        spec: { type: "database", owner: "checkout" },
      };
      const response = await page.request.post("/api/catalog/create", {
        data: { draft },
        headers: { origin: new URL(page.url()).origin },
      });
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("catalog.entity.create");
      expect(db.number("SELECT COUNT(*) FROM entities WHERE name = 'sneaky'")).toBe(0);
    });
  });
});
