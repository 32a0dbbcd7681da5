// Fetches the site's files while signed-in people load pages, and counts the files' answers by
// status: every one must be 200. Issue 29's reproduction: on the release build before the fix,
// 382 of 6,607 static answers in 5 s were the 404 or 403 of a page rendered at the same time.
// Usage: node scripts/stress-static.mjs [base URL, default http://127.0.0.1:3000] [seconds, default 5]
// against a server with demo data (`make run`): it signs in as admin and developer.
const base = process.argv[2] ?? "http://127.0.0.1:3000";
const seconds = Number(process.argv[3] ?? 5);
const password = process.env.RUNWAY_DEMO_PASSWORD ?? "demo-password";

async function signIn(login) {
  const response = await fetch(`${base}/api/auth/sign_in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", origin: base },
    body: `login=${login}&password=${encodeURIComponent(password)}`,
  });
  const cookie = (response.headers.getSetCookie?.() ?? []).find((c) => c.startsWith("runway_session="));
  if (!cookie) throw new Error(`signing in as ${login} failed: ${response.status} ${await response.text()}`);
  return cookie.split(";")[0];
}

// The files a first load of the catalog fetches: the page's links to /pkg/ and the split loader's
// chunks (every .wasm the loader names).
async function files(cookie) {
  const html = await (await fetch(`${base}/catalog`, { headers: { cookie } })).text();
  const found = new Set(html.match(/\/pkg\/[A-Za-z0-9._-]+/g) ?? []);
  for (const script of [...found].filter((f) => f.endsWith(".js"))) {
    const js = await (await fetch(base + script)).text();
    for (const name of js.match(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}\.wasm/g) ?? []) found.add(`/pkg/${name}`);
  }
  return [...found];
}

const admin = await signIn("admin");
const developer = await signIn("developer");
const paths = await files(admin);
if (paths.length === 0) throw new Error("the catalog page links no files under /pkg/");
const until = Date.now() + seconds * 1000;
const statuses = new Map();
let pages = 0;

const loadPages = async (cookie, path) => {
  while (Date.now() < until) {
    const response = await fetch(base + path, { headers: { cookie } });
    await response.arrayBuffer();
    pages += 1;
  }
};
const fetchFiles = async (offset) => {
  for (let i = offset; Date.now() < until; i++) {
    const response = await fetch(base + paths[i % paths.length], { headers: { "accept-encoding": "br, gzip" } });
    await response.arrayBuffer();
    const key = `${response.status}${response.headers.get("cache-control") ? "" : " (no cache-control)"}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
};
await Promise.all([
  loadPages(developer, "/catalog"),
  loadPages(admin, "/"),
  loadPages(admin, "/create"),
  loadPages(developer, "/admin/roles"),
  loadPages(developer, "/no/such/page"),
  ...Array.from({ length: 16 }, (_, i) => fetchFiles(i * 7)),
]);
const total = [...statuses.values()].reduce((a, b) => a + b, 0);
const wrong = total - (statuses.get("200") ?? 0);
console.log(`${seconds} s, ${paths.length} files, ${pages} pages rendered: ${total} static answers, ${wrong} not 200 with cache-control`);
console.log(Object.fromEntries(statuses));
process.exit(wrong === 0 ? 0 : 1);
