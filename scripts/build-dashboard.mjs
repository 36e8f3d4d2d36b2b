#!/usr/bin/env node
// `npm run build:dashboard` (and postinstall): bundles the dashboard into dashboard/dist/assets.ts and prints sizes.
import { buildDashboard } from './lib/build-dashboard.mjs';

const { written, assets } = await buildDashboard();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const total = assets.reduce((s, a) => s + a.gzipBytes, 0);
if (!process.argv.includes('--quiet')) {
  for (const a of assets) console.log(`  ${a.path.padEnd(20)} ${kb(a.bytes).padStart(9)}  ${kb(a.gzipBytes).padStart(8)} gzip`);
  console.log(`dashboard ${written ? 'built' : 'unchanged'}: ${kb(total)} gzip in all`);
}
