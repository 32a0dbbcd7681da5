import { SECTIONS } from "../../pages/shell";
import { expect, test } from "../../fixtures";

test.describe("Navigate between sections", () => {
  test("should open every section from the sidebar", async ({ shell, page }) => {
    await shell.goto("/");
    for (const section of [...SECTIONS.slice(1), SECTIONS[0]]) {
      await shell.navLink(section.name).click();
      await expect(page).toHaveURL(section.path);
      await expect(shell.heading(section.heading)).toBeVisible();
      await expect(shell.navLink(section.name)).toHaveAttribute("aria-current", "page");
      await expect(page).toHaveTitle(`${section.title} · Runway`);
    }
  });
});
