import { expect, test } from "../../fixtures";

test.describe("Render the saved theme", () => {
  test("should render dark mode from the saved choice, before any script runs", async ({ shell, page, context, baseURL }) => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await shell.goto("/catalog");
    const light = await background();
    await context.addCookies([{ name: "runway_theme", value: "dark", url: baseURL }]);
    await shell.goto("/catalog");
    await expect(page.locator("html")).toHaveClass("dark");
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
    expect(await background()).not.toBe(light);
  });
});
