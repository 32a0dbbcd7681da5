import { expect, test } from "../../fixtures";

test.describe("Open a page that fails to load", () => {
  test("should explain the failure inside the shell and offer a way out", async ({ shell, page }) => {
    await shell.goto("/deployments?env=moon");
    const alert = page.getByRole("alert");
    await expect(alert.getByRole("heading", { name: "This page could not be loaded" })).toBeVisible();
    await expect(alert).toContainText('environment: there is no environment named "moon"');
    await expect(shell.nav).toBeVisible();
    await alert.getByRole("link", { name: "Go to the overview" }).click();
    await expect(shell.heading("Overview")).toBeVisible();
  });
});
