import { expect, test } from "../../fixtures";

test.describe("Navigate the relation graph", () => {
  test("should draw the neighbourhood, change depth, zoom and open a node", async ({ page, db }) => {
    await page.goto("/catalog/default/component/ledger-service?tab=relations");
    const graph = page.getByRole("group", { name: "Relation graph" });
    await expect(graph).toBeVisible();
    const neighbours = db.number(
      "SELECT COUNT(DISTINCT target_ref) FROM entity_relations WHERE source_ref = 'component:default/ledger-service'",
    );
    // The entity and its direct neighbours.
    await expect(graph.getByRole("link")).toHaveCount(neighbours + 1);

    await page.getByRole("navigation", { name: "Depth" }).getByRole("link", { name: "2" }).click();
    await expect(page).toHaveURL(/depth=2/);
    await expect.poll(async () => graph.getByRole("link").count()).toBeGreaterThan(neighbours + 1);

    const before = await graph.getAttribute("viewBox");
    await page.getByRole("button", { name: "Zoom in" }).click();
    await expect(graph).not.toHaveAttribute("viewBox", before!);

    await graph.getByRole("link", { name: "Payments, Group" }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/group\/payments$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payments");
  });
});
