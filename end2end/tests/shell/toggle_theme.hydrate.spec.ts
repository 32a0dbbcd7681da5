import { expect, test } from "../../fixtures";

test.describe("Toggle the theme", () => {
  test("should switch to dark mode and remember it across visits", async ({ shell, page }) => {
    await shell.goto("/");
    await shell.waitForHydration();
    expect(await shell.themeClass()).toBe("");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();

    await shell.themeToggle.click();
    await expect(page.locator("html")).toHaveClass("dark");
    expect(await background()).not.toBe(light);

    await page.reload();
    await expect(page.locator("html")).toHaveClass("dark");

    await shell.waitForHydration();
    await shell.themeToggle.click();
    await expect(page.locator("html")).toHaveClass("light");
    await page.reload();
    await expect(page.locator("html")).toHaveClass("light");
    expect(await background()).toBe(light);
  });

  test("should follow the system again when asked", async ({ shell, page, context, baseURL }) => {
    await context.addCookies([{ name: "runway_theme", value: "dark", url: baseURL }]);
    await page.emulateMedia({ colorScheme: "dark" });
    await shell.goto("/");
    await shell.waitForHydration();
    await shell.userMenu.click();
    await page.getByRole("group", { name: "Colour scheme" }).getByRole("button", { name: "System" }).click();
    await expect(page.locator("html")).toHaveClass("");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "runway_theme")).toBeUndefined();
    // Still dark: the system asks for it.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
  });
});
