import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';

export default defineConfig({
  test: {
    // Two files at a time on this 2-core machine (vitest's default is one fewer than the cores): the workers files
    // wait on alarms and the Workers runtime much of the time, so the unit files fill the gaps: 196 s for both
    // projects on a quiet machine, against 349 s with one at a time in a CI run (the type check beside it), and the
    // 82 s node-lifecycle file no longer holds up the rest
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // beside a workers file and the type check, a heavy file on a loaded machine took over vitest's 5 s
          testTimeout: 15_000,
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
