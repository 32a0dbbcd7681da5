import { signedOut } from "../../accounts";
import { expect, test } from "../../fixtures";
import { IdentityProvider } from "../../pages/identity_provider";
import { SignInPage } from "../../pages/sign_in";

test.use({ storageState: signedOut });

test.describe("Sign in with single sign-on", () => {
  test("should create the account on first sign-in with the role its groups map to", async ({ page, shell }) => {
    const signIn = new SignInPage(page);
    await signIn.goto("/deployments");
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await new IdentityProvider(page).signInAs("sso-admin");
    await expect(page).toHaveURL("/deployments");
    await expect(shell.heading("Deployments")).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: "Admin" })).toBeVisible();
    await page.goto("/account");
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile).toContainText("Sso Admin");
    await expect(profile).toContainText("Single sign-on");
    await expect(profile).toContainText("admin.roles.manage");
  });

  test("should put people in the catalog team named like their group", async ({ page }) => {
    await new SignInPage(page).goto("/account");
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await new IdentityProvider(page).signInAs("sso-dev");
    await expect(page).toHaveURL("/account");
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile.getByText("checkout", { exact: true })).toBeVisible();
    await expect(profile.getByText("developer", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Change password" })).toHaveCount(0);
  });

  test("should refuse a callback whose state does not match", async ({ page }) => {
    await new SignInPage(page).goto();
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await expect(page.getByPlaceholder("Enter any login")).toBeVisible();
    await page.goto("/auth/oidc/callback?code=forged&state=forged");
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await expect(page.getByRole("alert")).toContainText("the sign-on's state does not match");
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });

  test("should refuse a code that was used already", async ({ page, context }) => {
    await new SignInPage(page).goto();
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    const flow = (await context.cookies()).find((c) => c.name === "runway_oidc");
    expect(flow).toBeDefined();
    const callback = page.waitForRequest(/\/auth\/oidc\/callback\?/);
    await new IdentityProvider(page).signInAs("sso-dev");
    const used = (await callback).url();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

    // Replay the same callback, flow cookie and all, as an attacker who saw it would.
    await context.clearCookies();
    if (flow) await context.addCookies([flow]);
    await page.goto(used);
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await expect(page.getByRole("alert")).toContainText("refused the code");
    expect((await context.cookies()).find((c) => c.name === "runway_session")).toBeUndefined();
  });
});
