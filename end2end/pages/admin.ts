// The administration pages.
import { type Locator, type Page, expect } from "@playwright/test";

export class AdminPages {
  readonly tabs: Locator;

  constructor(readonly page: Page) {
    this.tabs = page.getByRole("navigation", { name: "Administration" });
  }

  async open(tab: "Users" | "Teams" | "Roles" | "Access" | "Sessions & tokens" | "Audit log") {
    if (!this.page.url().includes("/admin")) await this.page.goto("/admin");
    await this.tabs.getByRole("link", { name: tab, exact: true }).click();
    await expect(this.tabs.getByRole("link", { name: tab, exact: true })).toHaveAttribute("aria-current", "page");
  }

  /** Creates a local account from the users page. */
  async createUser(login: string, name: string, password: string) {
    const form = this.page.getByRole("form", { name: "New local account" });
    await form.getByLabel("Login", { exact: true }).fill(login);
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("First password").fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Account created" })).toBeVisible();
  }

  /** Gives `role` to a user, everywhere, from the access page. */
  async giveRole(login: string, role: string) {
    const form = this.page.getByRole("form", { name: "Give a role" });
    await form.getByLabel("To").selectOption("user");
    await form.getByLabel("Login or team").fill(login);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Give role" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  }

  /** Asks "explain access" and returns the decision box. */
  async explain(login: string, permission: string, entity?: string): Promise<Locator> {
    const form = this.page.getByRole("form", { name: "Explain access" });
    await form.getByLabel("User").fill(login);
    await form.getByLabel("Permission").selectOption(permission);
    await form.getByLabel("Entity (optional)").fill(entity ?? "");
    await form.getByRole("button", { name: "Explain" }).click();
    return this.page.getByRole("status", { name: "Decision" });
  }
}
