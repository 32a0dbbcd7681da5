// Minifies the built site's JavaScript (wasm-bindgen's glue, the split loader) in place, as
// cargo-leptos' `js-minify` does with swc. Runway builds cargo-leptos without swc (228 crates,
// most of its compile time; see scripts/install-tools.sh), so esbuild does this step instead.
// Usage: node scripts/minify-js.mjs target/site/pkg
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/minify-js.mjs <directory of js files>");
  process.exit(2);
}
let before = 0;
let after = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
  const path = join(dir, name);
  const source = readFileSync(path, "utf8");
  // ES modules: imports, exports and `import.meta.url` (which finds the wasm) stay as they are.
  const { code } = await transform(source, { minify: true, format: "esm", target: "es2020" });
  writeFileSync(path, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
}
console.log(`minify-js: ${(before / 1024).toFixed(1)} KB -> ${(after / 1024).toFixed(1)} KB of JavaScript`);
