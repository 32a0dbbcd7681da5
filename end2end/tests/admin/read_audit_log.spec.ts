import { expect, test } from "../../fixtures";

test.describe("Read the audit log", () => {
  test("should filter entries and offer them as CSV", async ({ page, request }) => {
    await page.goto("/admin/audit?action=auth.sign_in");
    const log = page.getByRole("table", { name: "Audit log" });
    await expect(log.getByRole("row").nth(1)).toContainText("auth.sign_in");
    const rows = await log.getByRole("row").count();
    expect(rows).toBeGreaterThan(1);
    for (const text of await log.getByRole("row").allInnerTexts()) {
      if (!text.startsWith("WHEN")) expect(text).toContain("auth.sign_in");
    }
    const csv = page.getByRole("link", { name: "CSV" });
    await expect(csv).toHaveAttribute("href", "/api/v1/audit.csv?action=auth.sign_in");
    const download = await request.get("/api/v1/audit.csv?action=auth.sign_in");
    expect(download.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = (await download.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,target,address,summary");
    // Other tests sign in meanwhile, so the export may have more rows than the page had.
    expect(lines.length).toBeGreaterThanOrEqual(rows);
    expect(lines.slice(1).every((line) => line.split(",")[3] === "auth.sign_in")).toBe(true);
  });
});
