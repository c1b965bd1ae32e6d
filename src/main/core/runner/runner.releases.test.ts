// Go releases as a dimension of an experiment, with real toolchains: the workbench's own Go and
// go1.22.12 fetched as the go command fetches it (the module cache usually has it from the Go
// tests), and a release the proxy refuses. Each cell's binary is built with its release, and the
// provenance the harness reports (runtime.Version() of the running binary) says which built it.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, FIXTURES, openTestCore, type TestCore } from '../../../../test/support/run-core';
import { findGo } from '../toolchain/find-go';
import { obtainRelease } from '../toolchain/go-release';
import { buildSeconds, buildText } from '../../../shared/run-times';
import { SAMPLED_BEFORE_GO126 } from '../../../shared/sched-sample';

const GMPW = resolve(__dirname, '../../../../bin/gmpw.mjs');
const OLDER = 'go1.22.12';
const REFUSED = 'go1.99.0';

let t: TestCore;
/** Why the older release cannot be had here (the proxy refused it), or null. */
let olderUnavailable: string | null = null;

beforeAll(async () => {
  t = await openTestCore();
  const go = await findGo();
  await obtainRelease(go, OLDER, { output: () => {}, signal: new AbortController().signal }).catch((err: Error) => (olderUnavailable = err.message));
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe('Go releases as an experiment dimension', () => {
  it('runs one scenario under two releases, each built and traced with its own, and fails only the refused release', async (ctx) => {
    if (olderUnavailable) ctx.skip(`the module proxy did not provide ${OLDER}: ${olderUnavailable}`);
    const local = (await t.call('toolchain.info', {})).goVersion;
    const { ids, states } = await t.runPlan({
      target: { kind: 'scenario', id: 'pingpong-hog' },
      duration: '300ms',
      concurrency: [2],
      gomaxprocs: [2],
      goVersion: ['local', OLDER.slice(2), REFUSED],
      capture: ['trace'],
    });
    expect(states).toEqual(['succeeded', 'succeeded', 'failed']);
    const [mine, older, refused] = await Promise.all(ids.map((id) => t.call('runs.get', { id })));

    expect(mine.run.cell).toBe('go=local GOMAXPROCS=2 #1');
    expect(mine.config.goVersion).toBe('local');
    expect(mine.provenance?.goVersion).toBe(local);
    expect(older.run.cell).toBe(`go=${OLDER} GOMAXPROCS=2 #1`);
    expect(older.config.goVersion).toBe(OLDER);
    expect(older.provenance?.goVersion).toBe(OLDER);
    // The history's row says what ran (the list shows it), not only what was asked.
    expect([mine.run.goVersionInForce, older.run.goVersionInForce, refused.run.goVersionInForce]).toEqual([local, OLDER, null]);
    expect([mine.run.cpuLimitInForce, older.run.cpuLimitInForce]).toEqual([0, 0]);
    // The executables say so themselves (go version -m, kept as buildinfo.txt).
    expect([mine.builtWith, older.builtWith, refused.builtWith]).toEqual([local, OLDER, null]);
    expect(older.artifacts.map((a) => a.name)).toContain('buildinfo.txt');
    // gmptrace (built with the workbench's Go) read the older release's trace.
    expect(older.schedLatency.exact?.p99).toBeGreaterThan(0);
    expect(mine.schedLatency.exact?.p99).toBeGreaterThan(0);

    // The refused release fails its cell with the go command's reason; the others ran.
    expect(refused.run.error).toContain(`${REFUSED} could not be obtained`);
    expect(refused.run.error).toMatch(/golang\.org\/toolchain@v0\.0\.1-go1\.99\.0.*(403|404|not available|not found)/i);
    // The go command's download progress reached the run's live terminal.
    const tried = t.events['run.output'].filter((e) => e.runId === refused.run.id).map((e) => e.data).join('');
    expect(tried).toContain(`go: downloading ${REFUSED} (`);
    // Fetching and building with another release is the run's building step; the workbench's own
    // gmpstress was built when the plan was checked.
    const statesOf = (id: string) => t.events['run.state'].filter((e) => e.runId === id).map((e) => e.state);
    expect(statesOf(older.run.id)).toContain('building');
    expect(statesOf(mine.run.id)).not.toContain('building');
    const printed = t.events['run.output'].filter((e) => e.runId === older.run.id).map((e) => e.data).join('');
    expect(printed).toContain(`GOTOOLCHAIN=${OLDER}`);

    // Compare names both releases.
    const comparison = await t.call('compare.runs', { baseline: mine.run.id, candidates: [older.run.id] });
    expect(comparison.warnings.join('\n')).toContain(`Go version ${OLDER} differs from the baseline's ${local}`);
    const cells = await t.call('compare.cells', { baseline: { experimentId: mine.run.experimentId!, cell: 'go=local GOMAXPROCS=2' }, candidates: [] });
    expect([cells.baseline, ...cells.candidates].map((g) => g.label)).toEqual(expect.arrayContaining([expect.stringContaining('go=local'), expect.stringContaining(`go=${OLDER}`)]));
    // The releases differ by design between the cells, so that is no warning there.
    expect(cells.warnings.join('\n')).not.toContain('Go version');
    // A cell named by the release that ran, not the one asked ('local' ran as the workbench's own Go).
    const byWhatRan = await t.call('compare.cells', { baseline: { experimentId: mine.run.experimentId!, cell: `go=${local} GOMAXPROCS=2` }, candidates: [] });
    expect([byWhatRan.baseline.cell, byWhatRan.baseline.runIds]).toEqual(['go=local GOMAXPROCS=2', [mine.run.id]]);
    expect(byWhatRan.candidates.map((c) => c.cell)).not.toContain('go=local GOMAXPROCS=2');

    // And so does `gmpw compare`, for the runs and for the experiment's cells.
    const gmpw = (...args: string[]) => promisify(execFile)(process.execPath, [GMPW, ...args, '--data-dir', t.dataDir], { timeout: 120_000 });
    const runs = (await gmpw('compare', mine.run.id, older.run.id)).stdout;
    expect(runs).toMatch(new RegExp(`^Go\\s+${local}\\s+${OLDER}\\s*$`, 'm'));
    const grid = (await gmpw('compare', '--experiment', mine.run.experimentId!)).stdout;
    expect(grid).toContain(`go=local GOMAXPROCS=2 (base)`);
    expect(grid).toContain(`go=${OLDER} GOMAXPROCS=2`);
    // A cell is named with the release as the plan took it, too.
    const typed = (await gmpw('compare', '--experiment', mine.run.experimentId!, '--baseline', `go=${OLDER.slice(2)} GOMAXPROCS=2`)).stdout;
    expect(typed).toContain(`go=${OLDER} GOMAXPROCS=2 (base)`);
    const shown = (await gmpw('show', older.run.id)).stdout;
    expect(shown).toContain(`Config       Go ${OLDER} GOMAXPROCS=2`);
    // Its runtime's sample holds another population than Go 1.26's: said beside it, not for the local Go's.
    expect(older.schedLatency.sampled).not.toBeNull();
    expect(shown).toContain(`  sampled: ${SAMPLED_BEFORE_GO126} (${OLDER})`);
    expect((await gmpw('show', mine.run.id)).stdout).not.toContain(SAMPLED_BEFORE_GO126);
    // Its release was fetched and the scenarios built with it before the target started: said apart from the run.
    const built = buildSeconds(older.run);
    expect(built).toBeGreaterThan(0);
    expect(shown).toContain(`, started ${older.run.startedAt}, target started ${older.run.targetStartedAt} (${buildText(built!)}), ended ${older.run.endedAt}`);
  }, 600_000);

  it('builds a benchmark package with the release it names', async (ctx) => {
    if (olderUnavailable) ctx.skip(`the module proxy did not provide ${OLDER}: ${olderUnavailable}`);
    const { ids, states } = await t.runPlan({
      target: { kind: 'bench', pkg: join(FIXTURES, 'bench'), bench: 'Sum' },
      duration: '100ms',
      concurrency: [1],
      gomaxprocs: [1],
      goVersion: [OLDER],
    });
    expect(states).toEqual(['succeeded']);
    const d = await t.call('runs.get', { id: ids[0] });
    // A bench run has no harness provenance: the test binary's own build info is the record.
    expect(d.provenance).toBeNull();
    expect(d.builtWith).toBe(OLDER);
    expect(d.run.opsPerSec).toBeGreaterThan(0);
  }, 600_000);

  it('refuses another release for a ready-made executable, naming the field, before anything is stored', async () => {
    const before = (await t.call('runs.list', {})).runs.length;
    const failure = await failureOf(
      t.call('runs.start', { plan: { target: { kind: 'program', path: process.execPath }, concurrency: [1], gomaxprocs: ['default'], goVersion: ['local', OLDER] } }),
    );
    expect(failure.detail).toMatchObject({ field: 'plan.goVersion', code: 'invalid', message: `${process.execPath} is an executable, built already: only a Go package directory can be built with another Go release` });
    expect((await t.call('runs.list', {})).runs).toHaveLength(before);
  });

  it('refuses a release older than the harness for a scenario, naming the release', async () => {
    const failure = await failureOf(
      t.call('runs.start', { plan: { target: { kind: 'scenario', id: 'idle' }, concurrency: [1], gomaxprocs: ['default'], goVersion: ['local', '1.21.13'] } }),
    );
    expect(failure.detail).toMatchObject({ field: 'plan.goVersion.1', code: 'invalid', message: 'scenario targets are built on the harness, which needs Go 1.22 or newer' });
  });
});
