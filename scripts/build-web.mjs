// Bundles the dashboard (web/) into dist/web: the app's script and stylesheet, one page, and
// chunks loaded on demand (the live terminal with xterm.js, the metric charts with uPlot, each
// with its stylesheet). Nothing is
// fetched from elsewhere at run time, so it works on clusters without internet.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/web';
// Chunk names carry a hash: start empty, so no chunk of an older build is shipped.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: 'web/src/main.tsx' },
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: out,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: { app: 'web/app.css', terminal: 'web/terminal.css', charts: 'web/charts.css' },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: 'warning',
});
copyFileSync('web/index.html', `${out}/index.html`);
