// Go releases as an experiment dimension in the browser: one scenario under the workbench's Go and
// go1.22.12 (fetched through the module proxy at test time, usually already in the module cache),
// planned in the New run form; Compare, the cells page and the Run page name the release of each run.
import { execFileSync } from 'node:child_process';
import { call } from './api-call';
import { expect, testWithOwnHistory as test } from './fixtures';
import { pickScenario } from './new-run';
import { expectVerdict } from './verdict';
import { SAMPLED_BEFORE_GO126 } from '../../src/shared/sched-sample';

const OLDER = 'go1.22.12';

/** Why the proxy would not give the older release, or null when the go command obtained it. */
function olderRefused(): string | null {
  try {
    execFileSync('go', ['env', 'GOVERSION'], { env: { ...process.env, GOTOOLCHAIN: OLDER }, stdio: 'pipe', timeout: 300_000 });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
  }
}

test('one scenario under two Go releases: Compare shows both versions side by side', async ({ app, shot }) => {
  test.setTimeout(400_000);
  const refused = olderRefused();
  test.skip(refused !== null, `the module proxy did not provide ${OLDER}: ${refused}`);
  const page = app;

  await page.keyboard.press('n');
  await pickScenario(page, 'pingpong-hog');
  await page.locator('[data-field="plan.goVersion"] input').fill(`local,${OLDER.slice(2)}`);
  await page.locator('[data-field="plan.concurrency"] input').fill('2');
  await page.locator('[data-field="plan.gomaxprocs"] input').fill('2');
  await page.locator('[data-field="plan.duration"] input').fill('500ms');
  // One run a release is enough to show both side by side (a grid would default to 4 a cell).
  await page.locator('[data-field="plan.repeat"] input').fill('1');
  await expect(page.getByTestId('grid-preview')).toContainText(`Go local, ${OLDER.slice(2)} × GOMAXPROCS 2 = 2 runs`);
  await page.getByRole('button', { name: /^Start/ }).click();

  const list = async () => (await call(page, 'runs.list', { filter: {}, sort: { key: 'createdAt', dir: 'asc' } })).runs;
  await expect.poll(async () => (await list()).map((r) => r.state), { timeout: 300_000, intervals: [1000] }).toEqual(['succeeded', 'succeeded']);
  const [mine, older] = await list();
  const local = (await call(page, 'toolchain.info', {})).goVersion!;

  await page.goto(`${new URL(page.url()).origin}/#/compare/${mine.id}/${older.id}`);
  // Each run's name says its release (they differ), and the list does not say it twice.
  await expect(page.locator('.run-legend li > a:first-of-type')).toContainText([local, OLDER]);
  await expect(page.getByTestId('run-go')).toHaveCount(0);
  await expect(page.getByTestId('compare-page')).toContainText(`Go version ${OLDER} differs from the baseline's ${local}`);
  await shot('compare');

  // The experiment's cells: one per release, each with the verdict compare.cells computes.
  const baseCell = 'go=local GOMAXPROCS=2';
  await page.goto(`${new URL(page.url()).origin}/#/cells/${mine.experimentId}/${encodeURIComponent(baseCell)}`);
  await expect(page.getByTestId('cells-page')).toContainText(`go=${OLDER} GOMAXPROCS=2`);
  const cells = await call(page, 'compare.cells', { baseline: { experimentId: mine.experimentId!, cell: baseCell } });
  const ops = cells.metrics.find((m) => m.key === 'opsPerSec')!;
  await expectVerdict(page.locator('[data-testid=cells-metrics] tr[data-metric="opsPerSec"] td.verdict'), ops.candidates[0].verdict);
  // What ran, which the cell names do not say: the scenario and its duration, and the Go that built each cell.
  await expect(page.getByTestId('cells-ran')).toContainText('Ran pingpong-hog');
  // pingpong-hog ignores the concurrency (always two pairs): neither what ran nor the cells' names say one.
  await expect(page.getByTestId('cells-ran')).toContainText('· 500ms');
  await expect(page.getByTestId('cells-ran')).not.toContainText('concurrency');
  expect(cells.facts.map((f) => f.goReleases)).toEqual([[local], [OLDER]]);
  expect(cells.facts.map((f) => f.goBuilt)).toEqual([[local], [OLDER]]);
  // The charts' axis says which release go=local was.
  await expect(page.getByTestId('experiment-chart').first()).toContainText(`local → ${local}`);
  // And the GOMAXPROCS each cell's window ran under, from its run's result (2 was configured).
  for (const [i, run] of [mine, older].entries()) {
    const d = await call(page, 'runs.get', { id: run.id });
    expect(cells.facts[i]!.inForce).toEqual([`GOMAXPROCS ${d.provenance!.gomaxprocs === 2 ? '2' : `${d.provenance!.gomaxprocs} (configured 2)`}`]);
  }
  await expect(page.getByTestId('cells-group')).toHaveText([
    new RegExp(`^${baseCell}: 1 succeeded · ${local} · GOMAXPROCS 2`),
    new RegExp(`^go=${OLDER} GOMAXPROCS=2: 1 succeeded · ${OLDER} · GOMAXPROCS 2`),
  ]);

  await page.goto(`${new URL(page.url()).origin}/#/run/${older.id}`);
  await expect(page.getByTestId('go-release')).toHaveText(OLDER);
  await expect(page.getByTestId('provenance')).toContainText(OLDER);
  // Its runtime's sample holds another population than the trace's waits: shown, judged against nothing.
  await expect(page.getByTestId('agreement-summary')).toContainText(`The sample: ${SAMPLED_BEFORE_GO126} (${OLDER}); not judged against each other.`);
  await expect(page.locator('[data-testid=sched-quantiles] td.verdict')).toHaveText(Array(5).fill('—'));
});
