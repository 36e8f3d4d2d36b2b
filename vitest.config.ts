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
            // AUTH_MODE off: these tests drive wiring with SELF.fetch as an admin would; test/workers/auth.test.ts turns it on
            miniflare: { cf: false, bindings: { LOG_LEVEL: 'warn', AUTH_MODE: 'off' } },
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
