// Builds the renderer (Vite) and bundles the Node entry points (esbuild). Skips work when the
// outputs are newer than every source file, so `npm run serve` can call it every time.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const force = process.argv.includes('--force');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ['electron', 'renderer', 'shared', 'test/bench', 'test/screenshots.ts', 'scripts', 'vite.config.ts', 'package.json'].map((p) => path.join(root, p));
const newestSource = Math.max(...sources.map((p) => (fs.existsSync(p) && fs.statSync(p).isDirectory() ? newestMtime(p) : fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)));
if (!force && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestSource) {
  process.exit(0);
}

const t0 = Date.now();
execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
const entries = [
  // Main process: ESM, dependencies resolved from node_modules at run time (packaged by electron-builder).
  { in: 'electron/main.ts', out: 'dist/electron/main.mjs', format: 'esm', packages: 'external' },
  // A sandboxed preload can only require('electron'): one self-contained CommonJS file.
  { in: 'electron/preload.ts', out: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] },
  { in: 'electron/serve.ts', out: 'dist/electron/serve.mjs', format: 'esm', packages: 'external' },
  { in: 'electron/drill.ts', out: 'dist/electron/drill.mjs', format: 'esm', packages: 'external' },
  { in: 'test/bench/bench.ts', out: 'dist/bench/bench.mjs', format: 'esm', packages: 'external' },
  { in: 'test/screenshots.ts', out: 'dist/test/screenshots.mjs', format: 'esm', packages: 'external' },
];
await Promise.all(entries.filter((e) => fs.existsSync(path.join(root, e.in))).map((e) =>
  esbuild({ ...common, entryPoints: [e.in], outfile: e.out, format: e.format, packages: e.packages, external: e.external }),
));
fs.writeFileSync(stamp, new Date().toISOString());
process.stderr.write(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
