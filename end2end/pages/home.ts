// The home page: key figures and the time they were taken.
import type { Locator, Page } from "@playwright/test";

export class HomePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/");
  }

  /** The value of the key figure labelled `label`, e.g. "Services". */
  figure(label: string): Locator {
    return this.page.getByRole("region", { name: "Key figures" }).getByRole("link", { name: new RegExp(`^${label} `) }).getByRole("definition");
  }

  /** The server's clock when it computed the figures, in epoch milliseconds. */
  async figuresTakenAt(): Promise<number> {
    const datetime = await this.page.getByText("Figures as of").locator("time").getAttribute("datetime");
    return Date.parse(datetime ?? "");
  }
}
