// Signs in once per role and saves each session for the test projects.
import { expect, test as setup } from "@playwright/test";
import { ACCOUNTS, type Role, sessionOf } from "../accounts";
import { SignInPage } from "../pages/sign_in";

for (const role of Object.keys(ACCOUNTS) as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { login, password } = ACCOUNTS[role];
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(login, password);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await page.context().storageState({ path: sessionOf(role) });
  });
}
