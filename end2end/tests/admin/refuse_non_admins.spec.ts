import { sessionOf } from "../../accounts";
import { expect, test } from "../../fixtures";

test.use({ storageState: sessionOf("developer") });

test.describe("Refuse non-admins", () => {
  test("should hide administration from a developer and refuse it when asked directly", async ({ page, shell, request }) => {
    await page.goto("/");
    await expect(shell.navLink("Catalog")).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await page.goto("/admin/roles");
    await expect(page.getByRole("alert")).toContainText("you do not have permission to create roles");
    const direct = await request.post("/api/admin/roles/create", {
      form: { name: "sneaky", description: "" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(direct.status()).toBe(403);
  });
});
