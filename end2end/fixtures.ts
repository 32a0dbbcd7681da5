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

export const test = base.extend<{ shell: Shell; home: HomePage; db: Database }>({
  shell: async ({ page }, use) => use(new Shell(page)),
  home: async ({ page }, use) => use(new HomePage(page)),
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => use(new Database(process.env.RUNWAY_E2E_DB ?? "")),
});

export { expect };
