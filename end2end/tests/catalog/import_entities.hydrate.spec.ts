import { dropFiles as drop, expect, test } from "../../fixtures";

// Resources, so that the specs counting components and services run beside this one unaffected.
const component = (name: string, owner = "checkout") =>
  `apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ${name}\nspec:\n  type: queue\n  owner: ${owner}\n`;

test.describe("Import entities", () => {
  test("should preview dropped files, refuse the bad ones precisely, and import on confirmation", async ({ page, db }) => {
    await page.goto("/catalog");
    const before = db.number("SELECT COUNT(*) FROM entities");
    await drop(page, [
      { name: "good.yaml", text: component("dropped-one") + "---\n" + component("dropped-two") },
      { name: "bad.yaml", text: component("Bad Name") },
    ]);
    const preview = page.getByRole("region", { name: "Import" });
    await expect(preview.getByRole("status")).toHaveText("2 new, 0 changed, 0 unchanged, 1 rejected");
    await expect(preview.getByRole("table", { name: "Documents" }).getByRole("row")).toHaveCount(4);
    await expect(preview.getByRole("list", { name: "Problems" })).toContainText('bad.yaml (document 1) metadata.name: "Bad Name" is not a valid name');
    // All or nothing by default: nothing to confirm while a document is rejected.
    const confirm = preview.getByRole("button", { name: /^Import/ });
    await expect(confirm).toBeDisabled();
    expect(db.number("SELECT COUNT(*) FROM entities")).toBe(before);

    await preview.getByLabel("Import the valid ones even if some are rejected").check();
    await expect(confirm).toHaveText("Import 2 entities");
    await confirm.click();
    await expect(page).toHaveURL(/sort=updated/);
    await expect(page.getByRole("table").getByRole("link", { name: "dropped-one" })).toBeVisible();
    expect(db.number("SELECT COUNT(*) FROM entities WHERE name IN ('dropped-one', 'dropped-two')")).toBe(2);
  });
});
