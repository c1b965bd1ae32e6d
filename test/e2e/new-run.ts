import { expect, type Page } from '@playwright/test';

/**
 * Picks a scenario on the New run page. The catalog comes from building gmpstress: allow a slow build
 * on a busy machine, and fail with the page's own error banner in view when the build breaks.
 */
export async function pickScenario(page: Page, id: string): Promise<void> {
  const option = page.locator(`[data-scenario="${id}"]`);
  await expect(option).toBeVisible({ timeout: 240_000 });
  await option.click();
}
