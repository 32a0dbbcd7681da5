import { expect, test } from "../../fixtures";
import { AdminPages } from "../../pages/admin";

test.describe("Explain access", () => {
  test("should say which binding or ownership rule decided", async ({ page }) => {
    const admin = new AdminPages(page);
    await page.goto("/admin/access");
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });

    const own = await admin.explain("developer", "catalog.entity.update", "component:default/checkout-api");
    await expect(own).toContainText("Allowed: role developer given to developer everywhere grants catalog.entity.update for entities their own teams own.");
    await expect(own).toContainText("developer belongs to checkout");

    const other = await admin.explain("developer", "catalog.entity.update", "component:default/ledger-service");
    await expect(other).toContainText("Denied: roles grant catalog.entity.update to developer, but not for this entity's owner.");
    await expect(other).toContainText("component:default/ledger-service is owned by payments");

    const none = await admin.explain("viewer", "audit.read");
    await expect(none).toContainText("Denied: no role given to viewer, directly or through a team, grants audit.read.");
  });
});
