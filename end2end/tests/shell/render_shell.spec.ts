import { SECTIONS } from "../../pages/shell";
import { expect, test } from "../../fixtures";

test.describe("Render the shell", () => {
  test("should show navigation, search and the user menu around the page", async ({ shell, page }) => {
    const response = await shell.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle("Overview · Runway");
    await expect(shell.banner).toBeVisible();
    await expect(shell.main).toBeVisible();
    await expect(shell.search).toBeVisible();
    await expect(shell.search).toHaveAttribute("placeholder", /Search services/);
    await expect(shell.themeToggle).toBeVisible();
    await expect(shell.userMenu).toBeVisible();
    for (const section of SECTIONS) {
      await expect(shell.navLink(section.name)).toHaveAttribute("href", section.path);
    }
    await expect(shell.navLink("Home")).toHaveAttribute("aria-current", "page");
    await expect(shell.navLink("Catalog")).not.toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
  });

  test("should send security headers with the page", async ({ shell }) => {
    const response = await shell.goto("/");
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("'wasm-unsafe-eval'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  test("should fit a phone screen with the navigation behind a menu button", async ({ shell, page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await shell.goto("/");
    await expect(page.getByRole("complementary")).toBeHidden();
    const menu = page.getByLabel("Open navigation");
    await expect(menu).toBeVisible();
    await menu.click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deployments", exact: true }).last().click();
    await expect(shell.heading("Deployments")).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
