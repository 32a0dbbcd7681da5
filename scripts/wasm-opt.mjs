// Optimises every wasm file of the built site for size, as `wasm-opt -Oz --enable-bulk-memory
// --enable-nontrapping-float-to-int` does (cargo-leptos' arguments), but in one node process with
// binaryen loaded once per worker instead of one process per file (see scripts/wasm-opt-later).
// Usage: node scripts/wasm-opt.mjs target/site/pkg
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker, isMainThread, parentPort } from "node:worker_threads";

if (isMainThread) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node scripts/wasm-opt.mjs <directory of wasm files>");
    process.exit(2);
  }
  const started = Date.now();
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".wasm"))
    .map((name) => join(dir, name))
    .map((path) => ({ path, size: readFileSync(path).length }))
    // Largest first, so that the last file to finish is a small one.
    .sort((a, b) => b.size - a.size);
  const before = files.reduce((sum, f) => sum + f.size, 0);
  let next = 0;
  let after = 0;
  const workers = Math.max(1, Math.min(availableParallelism(), files.length));
  await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = new Worker(new URL(import.meta.url));
      return new Promise((resolve, reject) => {
        const give = () => {
          if (next < files.length) worker.postMessage(files[next++].path);
          else worker.terminate().then(resolve);
        };
        worker.on("message", (bytes) => {
          after += bytes;
          give();
        });
        worker.on("error", reject);
        give();
      });
    }),
  );
  console.log(
    `wasm-opt -Oz: ${files.length} files, ${(before / 1000).toFixed(0)} KB → ${(after / 1000).toFixed(0)} KB ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} else {
  // wasm-bindgen writes name subsections binaryen does not know; it says so once per file, and
  // drops them, as the CLI does.
  for (const stream of ["warn", "error", "log"]) {
    const write = console[stream];
    console[stream] = (...args) => {
      if (!/unknown name subsection/.test(String(args[0]))) write(...args);
    };
  }
  const { default: binaryen } = await import("binaryen");
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  // The CLI's -O levels also optimise the Stack IR as the binary is written; the library does not
  // unless asked, and its files came out 0.2 % larger. With these two, byte for byte the same.
  binaryen.setGenerateStackIR(true);
  binaryen.setOptimizeStackIR(true);
  parentPort.on("message", (path) => {
    const module = binaryen.readBinary(readFileSync(path));
    module.setFeatures(module.getFeatures() | binaryen.Features.BulkMemory | binaryen.Features.NontrappingFPToInt);
    module.optimize();
    if (!module.validate()) throw new Error(`${path}: binaryen produced an invalid module`);
    const out = module.emitBinary();
    module.dispose();
    writeFileSync(path, out);
    parentPort.postMessage(out.length);
  });
}
