// A group comparison's provenance warnings, on runs stored in a real SQLite history.
import { describe, expect, it } from 'vitest';
import { storedScenarioRun } from '../../../../test/support/store-fixtures';
import { storePerTest } from '../../../../test/support/store-per-test';
import type { RunDetail } from '../../../shared/contract';
import { groupWarnings, type GroupDetails } from './group-stats';

const temp = storePerTest();

const stored = (inForce: number, params: Record<string, string>) => storedScenarioRun(temp.store, 2, inForce, params);

const group = (label: string, details: RunDetail[]): GroupDetails => ({
  group: { label, experimentId: null, cell: null, runIds: details.map((d) => d.run.id), excluded: [] },
  details,
});

describe('groupWarnings', () => {
  it('says a difference once per group, naming every run that has it and how many of the group that is', () => {
    const main = group('tag main', [stored(2, { hogs: '2' }), stored(2, { hogs: '2' })]);
    const pr = [stored(2, { hogs: '4' }), stored(2, { hogs: '2' }), stored(2, { hogs: '4' })];
    const [a, , c] = pr.map((d) => d.run.id);
    expect(groupWarnings(main, [group('tag pr-42', pr)])).toEqual([`Runs ${a} and ${c} (2 of tag pr-42's 3): parameter hogs 4 differs from the baseline's 2.`]);
  });

  it('says "all" when every run of the group differs, and counts past the first three', () => {
    const main = group('tag main', [stored(2, {})]);
    const pr = Array.from({ length: 5 }, () => stored(2, { hogs: '4' }));
    const ids = pr.map((d) => d.run.id);
    expect(groupWarnings(main, [group('tag pr-42', pr)])).toEqual([
      `Runs ${ids.slice(0, 3).join(', ')} and 2 more (all 5 of tag pr-42): parameter hogs 4 differs from the baseline's not set.`,
    ]);
  });

  it('names the one run of a group of one as a run comparison does, and checks every baseline run of its own', () => {
    const changed = stored(1, {});
    const main = group('tag main', [stored(2, {}), changed]);
    const one = stored(2, { hogs: '4' });
    expect(groupWarnings(main, [group('tag pr-42', [one])])).toEqual([
      `Run ${changed.run.id} (1 of tag main's 2) ran at GOMAXPROCS 1, not the 2 configured at the start: the program or the runtime changed it.`,
      `Run ${one.run.id}: parameter hogs 4 differs from the baseline's not set.`,
    ]);
  });
});
