import { expect, test } from "../../fixtures";

test.use({ storageState: ".auth/developer.json" });

test.describe("Refuse editing another team's entity", () => {
  test("should show no edit button to a developer of another team, and refuse a direct call", async ({ page, db }) => {
    // The demo developer is on the checkout team; the ledger belongs to payments.
    await page.goto("/catalog/default/component/ledger-service");
    await expect(page.getByRole("heading", { level: 1, name: "ledger-service" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByText("Delete…")).toHaveCount(0);
    // Their own team's entity offers both.
    await page.goto("/catalog/default/component/cart-service");
    await expect(page.getByRole("link", { name: "Edit" })).toBeVisible();

    const response = await page.request.post("/api/catalog/delete", {
      form: { entity_ref: "component:default/ledger-service" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("catalog.entity.delete");
    expect(db.number("SELECT COUNT(*) FROM entities WHERE entity_ref = 'component:default/ledger-service'")).toBe(1);
  });
});
