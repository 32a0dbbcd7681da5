import { ACCOUNTS } from "../../accounts";
import { expect, test } from "../../fixtures";
import { AdminPages } from "../../pages/admin";
import { SignInPage } from "../../pages/sign_in";

test.describe("Grant a role", () => {
  test("should change what a new user may see as soon as an admin gives them a role", async ({ page, browser, baseURL }) => {
    const login = `e2e-${Date.now().toString(36)}`;
    const password = "first-password-123";
    const admin = new AdminPages(page);
    await page.goto("/admin");
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await admin.createUser(login, "Erin Example", password);
    await expect(page.getByRole("table", { name: "Users" })).toContainText(login);

    // Signed in without any role, the new user is refused the overview's figures.
    const theirs = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const them = await theirs.newPage();
    const signIn = new SignInPage(them);
    await signIn.goto();
    await signIn.signIn(login, password);
    await expect(them.getByRole("alert")).toContainText("you do not have permission to see catalog entities");

    await admin.open("Access");
    await admin.giveRole(login, "viewer");
    await expect(page.getByRole("table", { name: "Role bindings" })).toContainText(login);

    await them.reload();
    await expect(them.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(them.getByRole("region", { name: "Key figures" })).toBeVisible();
    await expect(them.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Admin" })).toHaveCount(0);
    await theirs.close();

    // The audit log shows who did it.
    await admin.open("Audit log");
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log.getByRole("row").filter({ hasText: "admin.binding.create" }).first()).toContainText(ACCOUNTS.admin.login);
    const created = log.getByRole("row").filter({ hasText: "admin.user.create" }).filter({ hasText: `user:${login}` });
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(ACCOUNTS.admin.login);
  });
});
