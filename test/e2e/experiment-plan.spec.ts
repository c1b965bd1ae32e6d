// The New run form says at plan time what an experiment's repetitions will answer, and a grid
// left at the automatic count gets enough repetitions for a verdict.
import { call } from './api-call';
import { expect, test } from './fixtures';
import { pickScenario } from './new-run';

test('the form plans experiments that answer', async ({ app }) => {
  test.setTimeout(300_000);
  await app.keyboard.press('n');
  await pickScenario(app, 'chan-sync-pingpong');
  const preview = app.getByTestId('grid-preview');
  const advice = app.getByTestId('repetition-advice');
  await expect(preview).toContainText('one run');
  await expect(advice).toHaveCount(0);
  // Each capture's hint stays in its own box at 1400 px: GOEXPERIMENT=goroutineleakprofile ran over the next one's checkbox.
  await app.setViewportSize({ width: 1400, height: 900 });
  const captures = app.locator('[data-field="plan.capture"] label.check');
  await expect(captures.filter({ hasText: 'goroutineleak' })).toHaveCount(1);
  const overflowing = await captures.evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
  expect(overflowing).toEqual([]);
  await app.setViewportSize({ width: 1440, height: 900 });
  // An empty concurrency runs at the machine's CPU count, as gmpw run without --concurrency: the
  // form says this machine's, which the core reports.
  const { defaultConcurrency } = await call(app, 'runner.capabilities', {});
  const concurrency = app.locator('[data-field="plan.concurrency"]');
  await expect(concurrency.locator('input')).toHaveValue('');
  await expect(concurrency.locator('input')).toHaveAttribute('placeholder', `auto: ${defaultConcurrency}`);
  await expect(concurrency).toContainText(`empty: each machine's CPU count (${defaultConcurrency} here)`);
  await expect(preview).toContainText(`concurrency ${defaultConcurrency} = one run`);

  // A field is found by its label alone, its hint no part of its name (the hint mentions GOMAXPROCS too).
  await expect(app.getByLabel('GOMAXPROCS', { exact: true })).toHaveCount(1);
  await expect(app.getByLabel('GOMAXPROCS', { exact: true })).toHaveValue('default');
  await app.locator('[data-field="plan.gomaxprocs"] input').fill('1,2');
  await app.locator('[data-field="plan.concurrency"] input').fill('2,4');
  await expect(preview).toContainText('GOMAXPROCS 1, 2 × concurrency 2, 4 × 4 repetitions = 16 runs');
  await expect(advice).toHaveText('4 repetitions per cell give verdicts but no confidence interval: a verdict needs ≥ 4 repetitions a side, a 95% confidence interval ≥ 6');

  await app.locator('[data-field="plan.repeat"] input').fill('3');
  await expect(advice).toHaveClass(/banner-warning/);
  await expect(advice).toContainText('3 repetitions per cell give no verdict');
  await expect(app.getByRole('button', { name: 'Start 12 runs' })).toBeVisible();

  // A field that does not parse gives no made-up count ("GOMAXPROCS 0 = one run").
  await app.locator('[data-field="plan.gomaxprocs"] input').fill('0');
  await expect(preview).toHaveText('The runs and their time are counted once every field is valid (to fill in or fix: GOMAXPROCS).');
  await app.locator('[data-field="plan.gomaxprocs"] input').fill('1,2');
  await expect(preview).toContainText('= 12 runs');

  // A scenario whose load is fixed says so where its concurrency would go: the two values typed
  // there (and left) are its error at once.
  await pickScenario(app, 'idle');
  await expect(concurrency.locator('.field-error')).toHaveText('idle ignores the concurrency (its load is fixed), so runs at 2, 4 would be the same run: give one value or none');
});
