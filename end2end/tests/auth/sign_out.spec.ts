import { ACCOUNTS, signedOut } from "../../accounts";
import { expect, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign_in";

test.use({ storageState: signedOut });

test.describe("Sign out", () => {
  test("should end the session at once", async ({ page, shell, request, context }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(ACCOUNTS.manager.login, ACCOUNTS.manager.password);
    await expect(shell.heading("Overview")).toBeVisible();
    const session = (await context.cookies()).find((c) => c.name === "runway_session");
    expect(session).toBeDefined();

    await shell.userMenu.click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=/);

    // The old token no longer works, even though it has not expired.
    const me = await request.get("/api/v1/me", { headers: { cookie: `runway_session=${session?.value}` } });
    expect(me.status()).toBe(401);
  });
});
