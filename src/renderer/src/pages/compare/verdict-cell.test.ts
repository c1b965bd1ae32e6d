import { describe, expect, it } from 'vitest';
import type { StatVerdict } from '../../../../shared/contract';
import { distinctCellNames, verdictCell } from './verdict-cell';

const v = (over: Partial<StatVerdict>): StatVerdict => ({ deltaPct: null, p: null, n1: 6, n2: 6, outcome: 'no-difference', text: '', ...over });

describe('verdictCell', () => {
  it('puts the change first and the test under it, as benchstat words them', () => {
    expect(verdictCell(v({ outcome: 'better', deltaPct: 49.8765, p: 0.0021 }))).toEqual({ headline: '+49.88%', detail: 'p=0.002 n=6' });
    expect(verdictCell(v({ outcome: 'worse', deltaPct: -4, p: 0.03, n2: 5 }))).toEqual({ headline: '-4.00%', detail: 'p=0.030 n=6+5' });
    expect(verdictCell(v({ outcome: 'changed', deltaPct: 0, p: 0.01 }))).toEqual({ headline: '0.00%', detail: 'p=0.010 n=6' });
    expect(verdictCell(v({ outcome: 'no-difference', deltaPct: 1.2, p: 0.4 }))).toEqual({ headline: '~', detail: 'p=0.400 n=6' });
  });

  it('marks a change without a test untested, and a missing ratio with benchstat\'s "?"', () => {
    expect(verdictCell(v({ outcome: 'too-few', deltaPct: 59.7561, n2: 3 }))).toEqual({ headline: '+59.76%', detail: 'untested, n=6+3' });
    expect(verdictCell(v({ outcome: 'too-few', deltaPct: null, n1: 3, n2: 3 }))).toEqual({ headline: '?', detail: 'untested, n=3' });
  });

  it('says where a metric was not measured by the place of the side, from the verdict\'s structured absences', () => {
    const notRun = (absent: StatVerdict['absent']) => v({ outcome: 'not-run', absent, text: 'the statistics\' wording, with the groups\' labels' });
    expect(verdictCell(notRun([{ side: 'baseline', why: 'not measured' }])).detail).toBe('not measured in the baseline');
    expect(verdictCell(notRun([{ side: 'candidate', why: 'no succeeded run' }])).detail).toBe('no succeeded run in this cell');
    expect(verdictCell(notRun([{ side: 'baseline', why: 'not run' }, { side: 'candidate', why: 'not run' }]))).toEqual({ headline: '—', detail: 'not run in the baseline nor this cell' });
    expect(verdictCell(notRun([{ side: 'baseline', why: 'not measured' }, { side: 'candidate', why: 'no succeeded run' }])).detail).toBe('not measured in the baseline; no succeeded run in this cell');
    // A verdict stored without them (an exported report of an older workbench) shows its text.
    expect(verdictCell(v({ outcome: 'not-run', text: 'not measured in GOMAXPROCS=2' })).detail).toBe('not measured in GOMAXPROCS=2');
  });
});

describe('distinctCellNames', () => {
  it('leaves out what every cell has and says it once', () => {
    expect(distinctCellNames(['GOMAXPROCS=1 concurrency=8 cpu=0.5', 'GOMAXPROCS=1 concurrency=8 cpu=max', 'GOMAXPROCS=2 concurrency=8 cpu=0.5'])).toEqual({
      names: ['GOMAXPROCS=1 cpu=0.5', 'GOMAXPROCS=1 cpu=max', 'GOMAXPROCS=2 cpu=0.5'],
      shared: ['concurrency=8'],
    });
  });

  it('keeps labels whole when they are not settings, when there is one, or when nothing would be left', () => {
    expect(distinctCellNames(['fast runs', 'slow runs'])).toEqual({ names: ['fast runs', 'slow runs'], shared: [] });
    expect(distinctCellNames(['GOMAXPROCS=1'])).toEqual({ names: ['GOMAXPROCS=1'], shared: [] });
    expect(distinctCellNames(['a=1 b=2', 'b=2 a=1'])).toEqual({ names: ['a=1 b=2', 'b=2 a=1'], shared: [] });
  });
});
