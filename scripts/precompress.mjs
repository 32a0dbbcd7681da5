// Compresses the built site once, at build time, as a CDN would: next to every text or wasm
// file, a brotli (quality 11) and a gzip (level 9) copy, which the server sends by the
// request's Accept-Encoding (tower-http's ServeDir) instead of compressing on every request.
// Usage: node scripts/precompress.mjs target/site
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = process.argv[2];
if (!root) {
  console.error("usage: node scripts/precompress.mjs <site root>");
  process.exit(2);
}
// Already-compressed formats (woff2, png) gain nothing.
const compressible = /\.(wasm|js|mjs|css|json|svg|html|txt|map)$/;

let before = 0;
let brotli = 0;
let files = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (!compressible.test(name)) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_MODE]: name.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    });
    const gz = gzipSync(data, { level: 9 });
    // A copy that is not smaller is not worth a second file; a stale one from an earlier build
    // would be served instead of the file, so it goes.
    for (const [suffix, packed] of [[".br", br], [".gz", gz]]) {
      if (packed.length < data.length) writeFileSync(path + suffix, packed);
      else {
        try {
          unlinkSync(path + suffix);
        } catch {}
      }
    }
    before += data.length;
    brotli += Math.min(br.length, data.length);
    files += 1;
  }
};
walk(root);
console.log(
  `precompressed ${files} files: ${(before / 1000).toFixed(0)} KB → ${(brotli / 1000).toFixed(0)} KB brotli`,
);
