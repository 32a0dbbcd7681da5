import { ACCOUNTS, signedOut } from "../../accounts";
import { expect, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign_in";

test.use({ storageState: signedOut });

test.describe("Refuse a wrong password", () => {
  test("should say the login or password is wrong and keep the visitor signed out", async ({ page, context }) => {
    const signIn = new SignInPage(page);
    await signIn.goto("/catalog");
    await signIn.signIn(ACCOUNTS.viewer.login, "not-the-password");
    await expect(signIn.password).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("the login or password is wrong")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcatalog|\/sign-in\?next=\/catalog/);
    expect((await context.cookies()).find((c) => c.name === "runway_session")).toBeUndefined();
  });
});
