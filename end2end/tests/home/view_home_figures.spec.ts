import { expect, test } from "../../fixtures";

test.describe("View the home figures", () => {
  test("should show the counts that are in the database", async ({ home, db }) => {
    await home.goto();
    const services = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'component' AND spec_type = 'service'");
    const apis = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'api'");
    const teams = db.number("SELECT COUNT(*) FROM entities WHERE kind = 'group' AND spec_type = 'team'");
    expect(services).toBeGreaterThan(30);
    await expect(home.figure("Services")).toHaveText(String(services));
    await expect(home.figure("APIs")).toHaveText(String(apis));
    await expect(home.figure("Teams")).toHaveText(String(teams));

    const now = await home.figuresTakenAt();
    const week = 7 * 24 * 3600 * 1000;
    const deployments = db.number(`SELECT COUNT(*) FROM deployments WHERE started_at >= ${now - week} AND started_at < ${now}`);
    expect(deployments).toBeGreaterThan(100);
    await expect(home.figure("Deployments, last 7 days")).toHaveText(deployments.toLocaleString("en-US"));
  });

  test("should chart the last 14 days and list recent deployments", async ({ home, page }) => {
    await home.goto();
    await expect(page.getByRole("img", { name: "Deployments per day, last 14 days" })).toBeVisible();
    const recent = page.getByRole("region", { name: "Recent deployments" });
    await expect(recent.getByRole("row")).toHaveCount(9);
    await recent.getByRole("link", { name: "View all" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Deployments" })).toBeVisible();
  });
});
