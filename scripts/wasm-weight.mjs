// What the browser bundle weighs: every file under the site's pkg/ raw, gzip -9 and brotli 11
// (the main module and each lazily loaded chunk), and, from the wasm before splitting and
// wasm-opt (which still names its functions), the crates and functions that weigh most, by twiggy.
// Usage: node scripts/wasm-weight.mjs <site pkg dir> [<wasm with names>]
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [pkg, named] = process.argv.slice(2);
const kb = (n) => `${(n / 1000).toFixed(1)}`.padStart(8);
const files = readdirSync(pkg)
  .filter((name) => /\.(wasm|js|css)$/.test(name))
  .map((name) => {
    const data = readFileSync(join(pkg, name));
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } });
    return { name, raw: data.length, gz: gzipSync(data, { level: 9 }).length, br: br.length };
  })
  .sort((a, b) => b.raw - a.raw);
console.log(`  ${"file".padEnd(52)}   KB raw  KB gzip    KB br`);
for (const f of files) console.log(`  ${f.name.padEnd(52)} ${kb(f.raw)} ${kb(f.gz)} ${kb(f.br)}`);
const wasm = files.filter((f) => f.name.endsWith(".wasm"));
const main = wasm.find((f) => /^runway[._]/.test(f.name));
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
console.log(`  ${"all wasm".padEnd(52)} ${kb(sum(wasm, "raw"))} ${kb(sum(wasm, "gz"))} ${kb(sum(wasm, "br"))}`);
if (main) {
  console.log(`  main module ${main.name}: ${((100 * main.raw) / sum(wasm, "raw")).toFixed(0)}% of the wasm; ${wasm.length - 1} lazily loaded chunks`);
}

if (named) {
  let csv;
  try {
    csv = execFileSync("twiggy", ["top", "-n", "100000", "--format", "csv", named], { maxBuffer: 1 << 28 }).toString();
  } catch (error) {
    console.log(`  (twiggy not available: ${error.message.split("\n")[0]})`);
    process.exit(0);
  }
  // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent; names may hold commas
  // (quoted), so the numbers are read from the end.
  const rows = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const parts = line.split(",");
      parts.splice(-2);
      const percent = Number(parts.pop());
      const size = Number(parts.pop());
      return { name: parts.join(",").replace(/^"|"$/g, "").replace(/""/g, '"'), size, percent };
    })
    // Names and wasm-bindgen's own sections are gone from the shipped module.
    // wasm-bindgen's describe functions only tell it the types, and it removes them.
    .filter((row) => Number.isFinite(row.size) && !/subsection|^custom section|__wbindgen_describe/.test(row.name));
  const total = rows.reduce((s, r) => s + r.size, 0);
  const crateOf = (name) => {
    if (/^data segment|^data\[/.test(name)) return "(data: strings and tables)";
    if (!name.includes("::")) return "(wasm tables and glue)";
    let path = name;
    const trait = /^<(.+?) as ([^>]+)>/.exec(name);
    if (trait) {
      // `<T as leptos::IntoView>`: a generic or a primitive counts for the trait's crate.
      path = trait[1].includes("::") ? trait[1].replace(/^[&*]?(mut |dyn )?/, "") : trait[2];
    }
    return path.replace(/^<+/, "").split("::")[0].replace(/\[[0-9a-f]+\]$/, "");
  };
  const byCrate = new Map();
  for (const row of rows) byCrate.set(crateOf(row.name), (byCrate.get(crateOf(row.name)) ?? 0) + row.size);
  console.log(`\n  Heaviest crates in ${named} (twiggy, before wasm-opt; ${kb(total)} KB in all)`);
  for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${crate.padEnd(40)} ${kb(size)} KB ${((100 * size) / total).toFixed(1).padStart(5)}%`);
  }
  console.log("\n  Heaviest functions");
  for (const row of rows.filter((r) => r.name.includes("::")).slice(0, 12)) {
    const plain = row.name.replace(/::h[0-9a-f]{16}$/, "");
    const shown = plain.length > 110 ? plain.slice(0, 107) + "..." : plain;
    console.log(`  ${kb(row.size)} KB  ${shown}`);
  }
}
