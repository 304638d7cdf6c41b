import { defineConfig } from 'vitest/config';

// Integration tests share one private Redis and one private ClickHouse server, started once by the
// global setup; chDB tests each hold their own folder, so every test file runs in its own process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
