import type { Page, Route } from "@playwright/test";
import { expect, test } from "../../fixtures";

// A page's own code is a wasm chunk fetched beside the main module; the main module is runway.*.
const CHUNK = /\/pkg\/(?!runway\.)[^/]+\.wasm$/;

/** Refuses the first chunk the page asks for, `times` times (every time when Infinity), with 503;
 *  the chunk's address and how often it was asked for. */
async function refuseOneChunk(page: Page, times: number) {
  const seen = { url: "", requests: 0 };
  await page.route(CHUNK, async (route: Route) => {
    const url = route.request().url();
    if (seen.url === "") seen.url = url;
    if (url !== seen.url) return route.continue();
    seen.requests += 1;
    if (seen.requests <= times) return route.fulfill({ status: 503, body: "unavailable" });
    return route.continue();
  });
  return seen;
}

test.describe("Load a page's code", () => {
  // These specs watch the page before it is interactive (or when it never becomes so).
  test.use({ interactive: false });

  test("should hydrate when a chunk is refused at first", async ({ shell, page }) => {
    // Twice: the preload the page links and the loader's own fetch; only a retry gets it.
    const chunk = await refuseOneChunk(page, 2);
    await shell.goto("/catalog");
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    expect(chunk.url).not.toBe("");
    expect(chunk.requests).toBeGreaterThanOrEqual(3);
    await expect(page.locator("#code-loading-failed")).toHaveCount(0);
    // Interactive: the router navigates without loading a new document.
    const documentId = await page.evaluate(() => performance.timeOrigin);
    await shell.navLink("Home").click();
    await expect(shell.heading("Overview")).toBeVisible();
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(documentId);
  });

  test("should offer a reload and keep working when a chunk never arrives", async ({ shell, page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const chunk = await refuseOneChunk(page, Infinity);
    await shell.goto("/catalog");
    const banner = page.getByRole("status").filter({ hasText: "Part of this page did not arrive" });
    await expect(banner).toBeVisible({ timeout: 15_000 });
    expect(chunk.requests).toBeGreaterThanOrEqual(4);
    await expect(banner.getByRole("link", { name: "Reload" })).toHaveAttribute("href", page.url());
    await expect(shell.heading("Catalog")).toBeVisible();
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("banner.png") });
    // The application waits instead of panicking, and links work as plain links.
    expect(errors).toEqual([]);
    await page.unroute(CHUNK);
    await shell.navLink("Home").click();
    await expect(shell.heading("Overview")).toBeVisible();
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await expect(banner).toHaveCount(0);
  });
});
