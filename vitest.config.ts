import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './workers/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { cf: false, bindings: { LOG_LEVEL: 'warn' } },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          // megabyte objects and controller settling take seconds on a loaded 2-core machine
          testTimeout: 20_000,
        },
      },
    ],
  },
});
