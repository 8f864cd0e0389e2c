// Bundles the dashboard (web/) into dist/web: one script, one stylesheet, one page. Nothing is
// fetched at run time, so it works on clusters without internet.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/web';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['web/src/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: `${out}/app.js`,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({
  entryPoints: ['web/app.css'],
  bundle: true,
  minify: true,
  outfile: `${out}/app.css`,
  logLevel: 'warning',
});
copyFileSync('web/index.html', `${out}/index.html`);
