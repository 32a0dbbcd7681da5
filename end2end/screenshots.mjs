// Takes screenshots of portal pages in light and dark mode, for looking at what we build.
// Usage: node screenshots.mjs [--as login:password] [base URL] [out dir] [path...]
//   e.g. node screenshots.mjs --as developer:demo-password http://127.0.0.1:3000 /tmp/shots / /catalog
import { chromium } from "@playwright/test";

const args = process.argv.slice(2);
const asIndex = args.indexOf("--as");
const credentials = asIndex >= 0 ? args.splice(asIndex, 2)[1].split(":") : null;
const [base = "http://127.0.0.1:3000", out = "/tmp/shots", ...given] = args;
const paths = given.length ? given : ["/", "/catalog", "/deployments", "/create", "/insights", "/admin", "/missing"];
const browser = await chromium.launch({
  executablePath: process.env.RUNWAY_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const errors = [];
for (const [scheme, width, height] of [["light", 1440, 1000], ["dark", 1440, 1000], ["light", 390, 844]]) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  if (credentials) {
    await page.goto(base + "/sign-in");
    await page.getByLabel("Login", { exact: true }).fill(credentials[0]);
    await page.getByLabel("Password", { exact: true }).fill(credentials[1]);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }
  page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()}`));
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const path of paths) {
    await page.goto(base + path, { waitUntil: "networkidle" });
    await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 10_000 }).catch(() => errors.push(`${path} did not hydrate`));
    const name = `${(path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home")}-${scheme}-${width}.png`;
    await page.screenshot({ path: `${out}/${name}`, fullPage: true });
    console.log(`${out}/${name}`);
  }
  await context.close();
}
await browser.close();
if (errors.length) {
  console.error("Browser errors:\n" + [...new Set(errors)].join("\n"));
  process.exitCode = 1;
}
