// End-to-end suite: real kubectl and @kubernetes/client-node against one `wrangler dev` started by the global setup.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/support/global-setup.ts'],
    // the server authenticates: raw fetches to it carry its admin token
    setupFiles: ['test/e2e/support/auth-fetch.ts'],
    // One server is shared: files run one after another, each test in its own namespace.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
