// A keyboard-only person can do what a mouse user does: skip to the content, search and filter
// the catalog, open an entity and its tabs, and review a change in the editor, with Tab, Enter,
// Space and typing alone, the focus visible and in reading order.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../../fixtures";

/** Presses Tab until `target` has the focus; fails if it is not reached within `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 150) {
  const handle = await target.elementHandle();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((el) => el === document.activeElement, handle)) {
      // What has the focus shows it: an outline or a ring (box-shadow).
      const shown = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return (style.outlineStyle !== "none" && style.outlineWidth !== "0px") || style.boxShadow !== "none";
      });
      expect(shown, "the focused element shows its focus").toBe(true);
      return;
    }
  }
  throw new Error(`Tab did not reach ${target} within ${limit} presses`);
}

test.describe("Walk the portal with the keyboard", () => {
  test("should search, filter, open an entity and review an edit without a mouse", async ({ page }) => {
    // Dozens of Tab presses, each checked: more than the default 30 seconds on a busy machine.
    test.slow();
    await page.goto("/catalog");
    // The first stop is the skip link, which takes the focus past the navigation.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();

    // Search from the catalog's own box.
    const search = page.getByRole("searchbox", { name: "Filter entities" });
    await tabTo(page, search);
    await page.keyboard.type("ledger");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=ledger/);

    // A facet is a checkbox: Space switches it.
    const component = page.getByRole("checkbox", { name: /^Component/ }).first();
    await tabTo(page, component);
    await page.keyboard.press(" ");
    await expect(page).toHaveURL(/kind=component/);
    await expect(page.getByRole("checkbox", { name: /^Component/ }).first()).toHaveAttribute("aria-checked", "true");

    // Open the entity, then its Relations tab.
    await tabTo(page, page.getByRole("table").getByRole("link", { name: "ledger-service" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/catalog\/default\/component\/ledger-service$/);
    await tabTo(page, page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Relations" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/tab=relations/);

    // Edit: change the description and review the diff, without saving.
    await tabTo(page, page.getByRole("link", { name: "Edit" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/edit$/);
    await tabTo(page, page.getByLabel("Description"));
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Moves money, by keyboard");
    await tabTo(page, page.getByRole("button", { name: "Review changes" }));
    await page.keyboard.press("Enter");
    const diff = page.getByRole("region", { name: "Diff" });
    await expect(diff).toContainText("+   description: Moves money, by keyboard");
    // The diff scrolls sideways on a narrow screen, so it takes the focus too.
    await tabTo(page, diff);
  });
});
