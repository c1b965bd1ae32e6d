// End-to-end tests. 'browser': the built renderer driven through browser mode (gmpw serve) in
// headless Chromium — the whole product except the Electron shell. 'electron': a smoke test of the
// real desktop app, which reports itself skipped where the Electron binary is not installed.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download is not available on the build machines.
const chromium = process.env.GMPW_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  outputDir: 'artifacts/test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Each worker starts its own gmpw serve and stress runs compete for CPU: keep it to two.
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  reporter: 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: existsSync(chromium) ? chromium : undefined,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
    },
  ],
});
