import { ACCOUNTS, signedOut } from "../../accounts";
import { expect, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign_in";

test.use({ storageState: signedOut });

test.describe("Sign in with a password", () => {
  test("should send visitors to sign in and back to where they were going", async ({ page, shell }) => {
    await page.goto("/deployments?env=prod");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expect(page).toHaveTitle("Sign in · Runway");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Runway" })).toBeVisible();
    const signIn = new SignInPage(page);
    await signIn.signIn(ACCOUNTS.developer.login, ACCOUNTS.developer.password);
    await expect(page).toHaveURL("/deployments?env=prod");
    await expect(shell.heading("Deployments")).toBeVisible();
    await shell.userMenu.click();
    await expect(page.getByText(ACCOUNTS.developer.name)).toBeVisible();
    await expect(page.getByText("developer · developer")).toBeVisible();
  });
});
