// The app shell around every page: navigation, search, theme and user menu.
import { type Locator, type Page, expect } from "@playwright/test";

export const SECTIONS = [
  { name: "Home", path: "/", heading: "Overview", title: "Overview" },
  { name: "Catalog", path: "/catalog", heading: "Catalog", title: "Catalog" },
  { name: "Create", path: "/create", heading: "Create", title: "Create" },
  { name: "Deployments", path: "/deployments", heading: "Deployments", title: "Deployments" },
  { name: "Metrics", path: "/insights", heading: "Metrics", title: "Metrics" },
  { name: "Admin", path: "/admin", heading: "Administration", title: "Users · Admin" },
] as const;

export class Shell {
  readonly nav: Locator;
  readonly banner: Locator;
  readonly main: Locator;
  readonly search: Locator;
  readonly themeToggle: Locator;
  readonly userMenu: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" }).first();
    this.banner = page.getByRole("banner");
    this.main = page.getByRole("main");
    this.search = page.getByRole("combobox", { name: "Search the catalog" });
    this.themeToggle = page.getByRole("button", { name: "Toggle dark mode" });
    this.userMenu = page.getByLabel("User menu");
  }

  async goto(path: string) {
    const response = await this.page.goto(path);
    return response;
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name });
  }

  navLink(name: string): Locator {
    return this.nav.getByRole("link", { name, exact: true });
  }

  /** The class on <html>: "dark", "light" or "" when following the system. */
  async themeClass(): Promise<string> {
    return (await this.page.locator("html").getAttribute("class")) ?? "";
  }

  /** Waits until the page is interactive: the wasm bundle marks <html> when it has hydrated. */
  async waitForHydration() {
    await expect(this.page.locator("html[data-hydrated]")).toBeAttached();
  }
}
