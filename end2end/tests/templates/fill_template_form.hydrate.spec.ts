import { expect, test } from "../../fixtures";

test.describe("Fill in a template's form", () => {
  test.use({ storageState: ".auth/developer.json" });

  test("should check each step before the next, keep values going back, and review them", async ({ page }) => {
    await page.goto("/create/templates/default/rust-service");
    await expect(page.getByRole("heading", { level: 1, name: "Rust service (axum)" })).toBeVisible();
    const progress = page.getByRole("navigation", { name: "Progress" });
    await expect(progress.getByRole("listitem")).toHaveCount(4);
    await expect(page.getByRole("heading", { level: 2, name: "About the service" })).toBeVisible();

    // Next with nothing typed: the required fields say so, the focus goes to the first, and the
    // later steps stay closed.
    await page.getByRole("button", { name: "Next" }).click();
    const name = page.getByLabel("Name");
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toBeFocused();
    await expect(page.getByText("is required").first()).toBeVisible();
    await expect(page).not.toHaveURL(/step=2/);

    await name.fill("Bad Name");
    await expect(page.getByText("must match the pattern")).toBeVisible();
    await name.fill("orders-api");
    await page.getByLabel("Owner").fill("group:default/checkout");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/step=2$/);
    await expect(page.getByRole("heading", { level: 2, name: "Runtime" })).toBeVisible();

    // Defaults are filled in; choosing PostgreSQL brings its size, picked by radio buttons.
    await expect(page.getByLabel("Port")).toHaveValue("8080");
    await expect(page.getByText("Database size")).toHaveCount(0);
    await page.getByLabel("Database").selectOption({ label: "PostgreSQL" });
    await expect(page.getByRole("group", { name: "Database size" })).toBeVisible();
    // A field a condition brings in starts at its default.
    await expect(page.getByLabel("Small (2 GB)")).toBeChecked();
    await page.getByLabel("Medium (16 GB)").check();
    await page.getByLabel("Port").fill("80");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("must be at least 1024")).toBeVisible();
    await page.getByLabel("Port").fill("8443");

    // Back to step one by the stepper: the values are still there.
    await progress.getByRole("link", { name: /About the service/ }).click();
    await expect(page).toHaveURL(/step=1$/);
    await expect(page.getByLabel("Name")).toHaveValue("orders-api");
    await page.getByLabel("Name").fill("orders-service");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByLabel("Port")).toHaveValue("8443");
    await page.getByRole("button", { name: "Next" }).click();

    await expect(page.getByRole("heading", { level: 2, name: "Repository" })).toBeVisible();
    // The repository picker: the one allowed host, then an owner and a name, checked together.
    const repository = page.getByRole("group", { name: "Repository" });
    await expect(repository.getByLabel("Host")).toHaveValue("github.com");
    await repository.getByLabel("Owner").fill("acme");
    await page.getByRole("button", { name: "Review" }).click();
    await expect(repository).toContainText("needs a host, an owner and a repository");
    await repository.getByRole("textbox", { name: "Repository" }).fill("orders-service");
    await page.getByRole("button", { name: "Review" }).click();

    await expect(page).toHaveURL(/step=4$/);
    const review = page.getByRole("region", { name: "Review", exact: true });
    await expect(review.getByRole("definition").first()).toHaveText("orders-service");
    await expect(review).toContainText("PostgreSQL");
    await expect(review).toContainText("Medium (16 GB)");
    await expect(review).toContainText("Prometheus metrics, OpenTelemetry tracing");
    await expect(review).toContainText("github.com?owner=acme&repo=orders-service");
    await expect(page.getByRole("status").filter({ hasText: "Every value checks out" })).toContainText("Every value checks out with the server.");
    await review.getByRole("link", { name: "Edit Runtime" }).click();
    await expect(page.getByLabel("Port")).toHaveValue("8443");
  });

  test("should open no step past the first with a problem, whatever the URL says", async ({ page }) => {
    await page.goto("/create/templates/default/rust-service?step=3");
    await expect(page.getByRole("heading", { level: 2, name: "About the service" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Progress" }).getByRole("link")).toHaveCount(0);
  });

  test("should answer a template that does not exist with not found", async ({ page }) => {
    await page.goto("/create/templates/default/no-such-template");
    await expect(page.getByRole("alert")).toContainText("not found");
  });
});
