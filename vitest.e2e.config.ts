/**
 * Browser tests (e2e/): build the UI, start the real server on a spare port with a fresh embedded
 * database, and drive a month of the demo company in Debian chromium. Kept out of the main `vitest run`
 * because one run takes a minute or more; `npm run e2e` runs them.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // a loaded CI machine renders slowly: polls on the screen wait up to 30 s (vitest's default is 1 s)
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
