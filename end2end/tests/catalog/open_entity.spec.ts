import { expect, test } from "../../fixtures";

test.describe("Open an entity", () => {
  test("should show its owner, facts and relations from the catalog list", async ({ page, db }) => {
    await page.goto("/catalog?q=ledger-service");
    await page.getByRole("table").getByRole("link", { name: "ledger-service" }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/ledger-service$/);
    await expect(page.getByRole("heading", { level: 1, name: "ledger-service" })).toBeVisible();
    await expect(page.getByText("Owned by")).toContainText("payments");
    const relations = page.getByRole("region", { name: "Relations" });
    const provides = db.number(
      "SELECT COUNT(DISTINCT target_ref) FROM entity_relations WHERE source_ref = 'component:default/ledger-service' AND type = 'providesApi'",
    );
    expect(provides).toBeGreaterThan(0);
    await expect(relations.getByRole("heading", { name: "Provides APIs" })).toBeVisible();
    await expect(relations.getByRole("heading", { name: "Provides APIs" }).locator("..").getByRole("listitem")).toHaveCount(provides);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Deployments" }).click();
    await expect(page).toHaveURL(/tab=deployments/);
  });

  test("should list an OpenAPI definition's operations", async ({ page }) => {
    const ref = (await (await page.request.get("/api/catalog/entities/by-query?filter=kind=api,spec.type=openapi&limit=1")).json()).items[0];
    await page.goto(`/catalog/default/api/${ref.metadata.name}?tab=api`);
    const operations = page.getByRole("region", { name: "Operations" });
    await expect(operations.getByRole("listitem").first()).toBeVisible();
    await expect(page.getByRole("region", { name: /Definition \(openapi\)/ })).toContainText("openapi");
  });

  test("should highlight a gRPC definition", async ({ page }) => {
    await page.goto("/catalog/default/api/pricing-api?tab=api");
    const definition = page.getByRole("region", { name: /Definition \(grpc\)/ });
    const colour = (text: string) =>
      definition.getByText(text, { exact: true }).first().evaluate((e) => getComputedStyle(e).color);
    // Keywords, type names, strings and field names each stand out from one another.
    const [keyword, type, string, field] = await Promise.all([
      colour("service"),
      colour("PricingAPI"),
      colour('"proto3"'),
      colour("updated_at"),
    ]);
    expect(new Set([keyword, type, string, field]).size).toBe(4);
    expect(await colour("message")).toBe(keyword);
  });

  test("should answer 404 for an entity that does not exist", async ({ page }) => {
    await page.goto("/catalog/default/component/no-such-service");
    await expect(page.getByRole("alert")).toContainText("component:default/no-such-service was not found");
  });
});
