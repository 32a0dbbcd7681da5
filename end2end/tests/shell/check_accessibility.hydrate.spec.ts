// Every page passes axe-core with no serious or critical violation (WCAG 2.1 A and AA rules and
// axe's best practices), in the light and the dark scheme and at phone width. A page added to
// the portal is added to PAGES.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { dropFiles, expect, test } from "../../fixtures";

/** Path, and what to do on the page before checking it (show the import preview), named. */
const PAGES: [string, ((page: Page) => Promise<void>)?, string?][] = [
  ["/"],
  ["/catalog"],
  ["/catalog?kind=component&lifecycle=production&q=service"],
  ["/catalog/default/component/ledger-service"],
  ["/catalog/default/component/ledger-service?tab=deployments"],
  ["/catalog/default/component/ledger-service?tab=relations"],
  ["/catalog/default/api/pricing-api?tab=api"],
  ["/catalog/default/component/ledger-service/edit"],
  ["/catalog/new"],
  [
    "/catalog",
    async (page) => {
      const doc = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ${name}\nspec:\n  type: queue\n  owner: checkout\n`;
      await dropFiles(page, [{ name: "axe.yaml", text: doc("axe-check") + "---\n" + doc("Not A Name") }]);
      await expect(page.getByRole("region", { name: "Import" }).getByRole("table", { name: "Documents" })).toBeVisible();
    },
    "/catalog with the import preview",
  ],
  ["/deployments"],
  ["/create"],
  [
    "/create/templates/default/rust-service",
    async (page) => {
      // The first page with its problems shown, then the second with a conditional radio group.
      await page.getByRole("button", { name: "Next" }).click();
      await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
      await page.getByLabel("Name").fill("axe-check");
      await page.getByLabel("Owner").fill("group:default/checkout");
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByLabel("Database").selectOption({ label: "PostgreSQL" });
      await expect(page.getByRole("group", { name: "Database size" })).toBeVisible();
    },
    "the template wizard",
  ],
  ["/create/tasks"],
  ["/insights"],
  ["/account"],
  ["/admin"],
  ["/admin/teams"],
  ["/admin/roles"],
  ["/admin/access"],
  ["/admin/sessions"],
  ["/admin/audit"],
  ["/a-page-that-does-not-exist"],
];

const VARIANTS = [
  { name: "light", colorScheme: "light", viewport: { width: 1440, height: 1000 } },
  { name: "dark", colorScheme: "dark", viewport: { width: 1440, height: 1000 } },
  { name: "phone", colorScheme: "light", viewport: { width: 390, height: 844 } },
] as const;

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`));
}

for (const variant of VARIANTS) {
  test.describe(`Accessibility (${variant.name})`, () => {
    test.use({ colorScheme: variant.colorScheme, viewport: variant.viewport });
    // axe-core reads every node of a long page (the deployments list) more slowly than the
    // default 30 seconds allow on a busy 2-core machine.
    test.slow();

    for (const [path, prepare, name] of PAGES) {
      test(`${name ?? path} should have no serious or critical axe-core violation`, async ({ page }) => {
        await page.goto(path);
        if (prepare) await prepare(page);
        expect(await violations(page), `axe-core on ${path}`).toEqual([]);
      });
    }

    test.describe("signed out", () => {
      test.use({ storageState: { cookies: [], origins: [] } });
      test("/sign-in should have no serious or critical axe-core violation", async ({ page }) => {
        await page.goto("/sign-in");
        expect(await violations(page), "axe-core on /sign-in").toEqual([]);
      });
    });
  });
}
