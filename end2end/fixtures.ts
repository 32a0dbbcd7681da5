// Test fixtures: page objects, and direct access to the test server's database so pages can be
// checked against the source of truth rather than against themselves.
import { test as base, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { HomePage } from "./pages/home";
import { Shell } from "./pages/shell";

export class Database {
  constructor(readonly path: string) {}

  /** Runs a query that returns one number. */
  number(sql: string): number {
    const out = execFileSync("sqlite3", [this.path, sql], { encoding: "utf8" }).trim();
    const value = Number(out);
    if (out === "" || Number.isNaN(value)) throw new Error(`${sql} gave ${JSON.stringify(out)}`);
    return value;
  }

  /** How many entities hold `text` in their name, title, description or tags (lowercase). */
  matchingText(text: string): number {
    const tags = "(SELECT group_concat(value, ' ') FROM json_each(body, '$.metadata.tags'))";
    const searched = `LOWER(name || ' ' || COALESCE(title, '') || ' ' || COALESCE(description, '') || ' ' || COALESCE(${tags}, ''))`;
    return this.number(`SELECT COUNT(*) FROM entities WHERE ${searched} LIKE '%${text.replace(/'/g, "''")}%'`);
  }
}

export const test = base.extend<{ shell: Shell; home: HomePage; db: Database; interactive: boolean }>({
  // With JavaScript on, going to one of Runway's pages returns once the page has hydrated: input
  // given to server-rendered HTML before then reaches no handler, which made specs flaky one by
  // one. A spec about the moments before hydration turns this off with `interactive: false`.
  interactive: [true, { option: true }],
  page: async ({ page, javaScriptEnabled, interactive }, use) => {
    if (javaScriptEnabled !== false && interactive) {
      const goto = page.goto.bind(page);
      page.goto = async (url, options) => {
        const response = await goto(url, options);
        const html = (response?.headers()["content-type"] ?? "").startsWith("text/html");
        if (html && new URL(page.url()).port === process.env.RUNWAY_E2E_PORT) {
          await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
        }
        return response;
      };
    }
    await use(page);
  },
  shell: async ({ page }, use) => use(new Shell(page)),
  home: async ({ page }, use) => use(new HomePage(page)),
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => use(new Database(process.env.RUNWAY_E2E_DB ?? "")),
});

/** Drops files on the catalog's import zone, as a person dragging them from their desktop. */
export async function dropFiles(page: import("@playwright/test").Page, files: { name: string; text: string }[]) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const f of files) transfer.items.add(new File([f.text], f.name, { type: "application/yaml" }));
    return transfer;
  }, files);
  const zone = page.getByRole("region", { name: "Import" }).locator("label").first();
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}

export { expect };
