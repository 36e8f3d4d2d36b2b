#!/usr/bin/env node
// Runs the TypeScript controller on plain Node 20: esbuild bundles main.ts (and the client library
// it imports) into one ESM file in node_modules/.cache, then Node imports it. Arguments pass through.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const outfile = join(root, 'node_modules/.cache/kubeflare-examples/website-controller.mjs');
mkdirSync(dirname(outfile), { recursive: true });

await build({
  entryPoints: [join(here, 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  // npm packages (yaml, …) are loaded from node_modules as usual
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
