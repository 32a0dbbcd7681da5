// Measures what a first visit costs: for each page, cold-cache loads in headless Chromium
// (a new browser context each time), signed in, and prints the medians of bytes transferred by
// type, requests, first contentful paint and time to hydrated; then a second page opened after the
// first (warm cache) to show what a later visit downloads.
// Usage: node page-weight.mjs [--as login:password] [--loads N] [--json file] base-url path...
import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const [login, password] = option("--as", "developer:demo-password").split(":");
const loads = Number(option("--loads", "5"));
const jsonOut = option("--json", null);
const [base, ...paths] = args;
if (!base || paths.length === 0) {
  console.error("usage: node page-weight.mjs [--as login:password] [--loads N] [--json file] base-url path...");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.RUNWAY_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});

// One sign-in; every measured load starts from its cookie with an empty cache.
const signIn = await browser.newContext();
const answer = await signIn.request.post(`${base}/api/auth/sign_in`, {
  form: { login, password },
  headers: { origin: base },
  maxRedirects: 0,
});
if (answer.status() >= 400) throw new Error(`sign-in as ${login} failed: ${answer.status()}`);
const storageState = await signIn.storageState();
await signIn.close();

const kindOf = (url, mime, type) => {
  if (type === "Document") return "html";
  if (url.endsWith(".wasm") || mime === "application/wasm") return "wasm";
  if (type === "Script" || mime.includes("javascript")) return "js";
  if (type === "Stylesheet" || mime === "text/css") return "css";
  if (type === "Font" || mime.startsWith("font/")) return "font";
  return "other";
};

/** Loads `path` in `page` and returns its requests (kind, url, bytes, encoding) and timings. */
async function measure(page, path) {
  // Marks the moment hydration ends: the hydrate entry sets data-hydrated on <html>.
  await page.addInitScript(() => {
    const watch = () =>
      new MutationObserver((_, observer) => {
        if (document.documentElement.hasAttribute("data-hydrated")) {
          performance.mark("runway:hydrated");
          observer.disconnect();
        }
      }).observe(document.documentElement, { attributes: true });
    if (document.documentElement) watch();
    else document.addEventListener("readystatechange", watch, { once: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  const seen = new Map();
  cdp.on("Network.responseReceived", ({ requestId, response, type }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.set(requestId, {
      url: response.url,
      kind: kindOf(response.url, response.mimeType ?? "", type),
      encoding: headers["content-encoding"] ?? "identity",
      cached: response.fromDiskCache || response.fromPrefetchCache || response.fromMemoryCache,
      bytes: 0,
    });
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const entry = seen.get(requestId);
    if (entry) entry.bytes = entry.cached ? 0 : encodedDataLength;
  });
  await page.goto(base + path, { waitUntil: "load" });
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  const timings = await page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    hydrated: performance.getEntriesByName("runway:hydrated").at(-1)?.startTime ?? NaN,
    navigation: performance.getEntriesByType("navigation")[0]?.startTime ?? 0,
  }));
  await cdp.detach();
  const requests = [...seen.values()].filter((r) => !r.url.startsWith("data:"));
  return { requests, fcp: timings.fcp - timings.navigation, hydrated: timings.hydrated - timings.navigation };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kinds = ["html", "js", "wasm", "css", "font", "other"];
const summarise = (runs) => {
  const byKind = Object.fromEntries(
    kinds.map((k) => [k, median(runs.map((r) => r.requests.filter((q) => q.kind === k).reduce((s, q) => s + q.bytes, 0)))]),
  );
  return {
    total: median(runs.map((r) => r.requests.reduce((s, q) => s + q.bytes, 0))),
    requests: median(runs.map((r) => r.requests.filter((q) => q.bytes > 0).length)),
    fcp: median(runs.map((r) => r.fcp)),
    hydrated: median(runs.map((r) => r.hydrated)),
    byKind,
    encodings: [...new Set(runs.flatMap((r) => r.requests.filter((q) => q.bytes > 0 && q.kind !== "html").map((q) => q.encoding)))],
    files: runs[0].requests.filter((q) => q.bytes > 0).map((q) => `${q.kind} ${(q.bytes / 1000).toFixed(1)} KB ${q.encoding} ${new URL(q.url).pathname}`),
  };
};

const kb = (n) => `${(n / 1000).toFixed(1)}`.padStart(7);
const results = {};
console.log(`Cold-cache first loads as ${login}, medians of ${loads} (KB transferred; ms from navigation start)`);
console.log(`  ${"page".padEnd(34)} ${"total".padStart(7)} ${kinds.map((k) => k.padStart(7)).join(" ")}  reqs     FCP  hydrated`);
for (const path of paths) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ storageState });
    runs.push(await measure(await context.newPage(), path));
    await context.close();
  }
  const s = summarise(runs);
  results[path] = s;
  console.log(
    `  ${path.padEnd(34)} ${kb(s.total)} ${kinds.map((k) => kb(s.byKind[k])).join(" ")}  ${String(s.requests).padStart(4)} ${s.fcp.toFixed(0).padStart(7)} ${s.hydrated.toFixed(0).padStart(9)}`,
  );
}

// A later visit: the first page loaded, then the next one opened by a link click in the same
// tab (client-side navigation), counting only what the second page downloads.
if (paths.length > 1) {
  console.log("Later visits (client-side navigation after the first page; KB transferred)");
  for (const path of paths.slice(1)) {
    const context = await browser.newContext({ storageState });
    const page = await context.newPage();
    await measure(page, paths[0]);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const fetched = [];
    const urls = new Map();
    // The page has loaded already, so Playwright's "networkidle" would not wait for the chunks
    // the navigation fetches: count the requests in flight and wait for them to settle.
    const inFlight = new Set();
    let lastActivity = Date.now();
    cdp.on("Network.requestWillBeSent", ({ requestId }) => {
      inFlight.add(requestId);
      lastActivity = Date.now();
    });
    const settle = (requestId) => {
      inFlight.delete(requestId);
      lastActivity = Date.now();
    };
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      fetched.push(encodedDataLength);
      settle(requestId);
    });
    cdp.on("Network.loadingFailed", ({ requestId }) => settle(requestId));
    cdp.on("Network.responseReceived", ({ response }) => urls.set(response.url, true));
    await page.evaluate((href) => {
      const link = document.createElement("a");
      link.href = href;
      document.body.append(link);
      link.click();
    }, path);
    await page.waitForURL((url) => url.pathname === new URL(base + path).pathname);
    const deadline = Date.now() + 30_000;
    while ((inFlight.size > 0 || Date.now() - lastActivity < 500) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const total = fetched.reduce((s, n) => s + n, 0);
    const chunks = [...urls.keys()].filter((u) => u.endsWith(".wasm") || u.endsWith(".js")).map((u) => new URL(u).pathname);
    console.log(`  ${paths[0]} → ${path}`.padEnd(44) + `${kb(total)} KB in ${fetched.length} requests${chunks.length ? ` (${chunks.join(", ")})` : ""}`);
    results[`${paths[0]} -> ${path}`] = { total, requests: fetched.length, chunks };
    await context.close();
  }
}
await browser.close();
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
