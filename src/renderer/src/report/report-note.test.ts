// The report's foot speaks of flame graphs and terminal logs only when the report holds them.
import { describe, expect, it } from 'vitest';
import { answerKey, type ReportSnapshot } from '../../../shared/report';
import { reportNote } from './report-note';

const ok = { ok: true as const, value: {} };

function snapshot(kind: ReportSnapshot['kind'], answers: ReportSnapshot['answers']): ReportSnapshot {
  return { format: 1, kind, title: 't', exportedAt: '2026-12-02T00:00:00.000Z', pages: [], minFrameShare: 0.001, answers };
}

describe('reportNote', () => {
  it("names the flame graphs' pruning and the terminal log's cut in a run's report", () => {
    const run = snapshot('run', { [answerKey('runs.flame', { id: 'a', profile: 'cpu.pprof' })]: ok, [answerKey('runs.terminal', { id: 'a' })]: ok });
    expect(reportNote(run)).toBe(
      'Flame graphs keep frames of at least 0.1% of their profile; each terminal log keeps its end. The artifacts (profiles, traces) stay with the runs in the workbench.',
    );
  });

  it("names the differential flame graphs of a comparison's report", () => {
    const diff = answerKey('compare.diffFlame', { baseline: 'a', candidate: 'b', profile: 'cpu.pprof', normalisation: 'per-second' });
    expect(reportNote(snapshot('compare', { [diff]: ok }))).toMatch(/^Flame graphs keep frames of at least 0\.1% of their profile\. /);
  });

  it("says nothing of flame graphs or terminal logs in an experiment's report, which holds neither", () => {
    const experiment = snapshot('experiment', {
      [answerKey('compare.cells', { baseline: { experimentId: 'e', cell: 'c1' } })]: ok,
      [answerKey('compare.exportBenchfmt', { experimentId: 'e' })]: ok,
    });
    expect(reportNote(experiment)).toBe('The artifacts (profiles, traces) stay with the runs in the workbench.');
  });

  it('counts a recorded error as nothing held: a run without a profile to show has no flame graph', () => {
    const run = snapshot('run', {
      [answerKey('runs.flame', { id: 'a', profile: 'cpu.pprof' })]: { ok: false, error: { message: 'unreadable', field: null, code: 'internal' } },
      [answerKey('runs.terminal', { id: 'a' })]: ok,
    });
    expect(reportNote(run)).toBe('Each terminal log keeps its end. The artifacts (profiles, traces) stay with the runs in the workbench.');
  });
});
