// Runs a template for real: the wizard, the Run button, the task page following the task live,
// the repository pushed to a git server on this machine, and the new entity in the catalog.
// These specs add entities, so they run after the pages' tests, which count what the demo holds.
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "../../fixtures";

test.describe("Run a template", () => {
  test.use({ storageState: ".auth/developer.json" });

  test("should create a service: walk the wizard, run it, watch it live and open the result", async ({ page, browser }) => {
    const name = `svc-${Date.now().toString(36)}`;
    await page.goto("/create/templates/default/rust-service");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Description").fill("Keeps the orders");
    await page.getByLabel("Owner").fill("group:default/checkout");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByLabel("Port")).toHaveValue("8080");
    await page.getByRole("button", { name: "Next" }).click();
    const repository = page.getByRole("group", { name: "Repository" });
    await repository.getByLabel("Owner").fill("acme");
    await repository.getByRole("textbox", { name: "Repository" }).fill(name);
    await page.getByRole("button", { name: "Review" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Every value checks out" })).toContainText("Every value checks out with the server.");

    // The review previews the result with a dry run: the files, and what publish would do.
    const bare = join(dirname(process.env.RUNWAY_E2E_DB ?? ""), "git", "acme", `${name}.git`);
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.getByRole("status")).toContainText("The dry run completed: 5 files would be written.", { timeout: 15_000 });
    const files = preview.getByRole("navigation", { name: "Files the task would write" });
    await expect(files).toContainText("src/");
    await files.getByRole("button", { name: "main.rs" }).click();
    await expect(preview.getByLabel("File contents")).toContainText(`"${name} is running"`);
    await preview.getByText(/Log of the dry run/).click();
    await expect(preview.getByRole("log", { name: "Dry-run log" })).toContainText(`Would create file://`);
    expect(existsSync(bare), "a preview pushes nothing").toBe(false);
    await page.getByRole("button", { name: "Run" }).click();

    // The task page, kept up to date by the task's event stream (no reload).
    await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Rust service (axum)" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Completed" })).toBeVisible({ timeout: 20_000 });
    const steps = page.getByRole("list", { name: "Steps" }).getByRole("listitem");
    await expect(steps).toHaveCount(3);
    for (const step of ["Fetch the skeleton", "Publish to GitHub", "Register in the catalog"]) {
      await expect(steps.filter({ hasText: step })).toContainText("Done");
    }
    const log = page.getByRole("log", { name: "Task log" });
    await expect(log).toContainText("Fetched 5 files");
    await expect(log).toContainText(/Published commit [0-9a-f]{40}/);
    await expect(log).toContainText(`Registered component:default/${name}`);
    expect((await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

    // The repository is on the git server, with the rendered skeleton.
    const main = execFileSync("git", ["--git-dir", bare, "show", "main:src/main.rs"], { encoding: "utf8" });
    expect(main).toContain(`"${name} is running"`);

    await page.getByRole("link", { name: "Open in catalog" }).click();
    await expect(page).toHaveURL(new RegExp(`/catalog/default/component/${name}$`));
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("Keeps the orders")).toBeVisible();

    // The task is in the person's list.
    await page.goto("/create/tasks");
    await expect(page.getByRole("table", { name: "Tasks" }).getByRole("row").nth(1)).toContainText("Completed");
    // A developer reads only their own tasks: everyone's are not offered, and not answered.
    const filters = page.getByRole("navigation", { name: "Filter tasks" });
    await expect(filters.getByRole("link", { name: "Completed" })).toBeVisible();
    await expect(filters.getByRole("link", { name: "Everyone's" })).toHaveCount(0);
    await page.goto("/create/tasks?all=true");
    await expect(page.getByText("template.task.read")).toBeVisible();

    // An administrator may read everyone's, this one among them.
    const admin = await browser.newContext({ storageState: ".auth/admin.json" });
    const adminPage = await admin.newPage();
    await adminPage.goto("/create/tasks");
    const everyone = adminPage.getByRole("navigation", { name: "Filter tasks" }).getByRole("link", { name: "Everyone's" });
    await everyone.click();
    await expect(adminPage).toHaveURL(/\?all=true$/);
    await expect(everyone).toHaveAttribute("aria-current", "page");
    await expect(adminPage.getByRole("table", { name: "Tasks" })).toContainText("Rust service (axum)");
    await admin.close();
  });

  test("should keep a viewer from running templates", async ({ browser }) => {
    const viewer = await browser.newContext({ storageState: ".auth/viewer.json" });
    const response = await viewer.request.post("/api/scaffolder/v2/tasks", {
      data: { templateRef: "template:default/rust-service", values: {} },
      headers: { origin: `http://127.0.0.1:${process.env.RUNWAY_E2E_PORT}` },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("template.run");
    await viewer.close();
  });
});
