// The test identity provider's development pages (third-party markup: no labels to use, so its
// placeholders and button names locate the fields).
import type { Page } from "@playwright/test";

export class IdentityProvider {
  constructor(readonly page: Page) {}

  /** Signs in at the provider as `login` (any password works) and gives consent. */
  async signInAs(login: string) {
    await this.page.getByPlaceholder("Enter any login").fill(login);
    await this.page.getByPlaceholder("and password").fill("whatever-password");
    await this.page.getByRole("button", { name: "Sign-in" }).click();
    await this.page.getByRole("button", { name: "Continue" }).click();
  }
}
