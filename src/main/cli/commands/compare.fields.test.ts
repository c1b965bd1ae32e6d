// gmpw compare's errors name the field as it was typed. compare.cells gets one --experiment for the
// baseline and every candidate, so a core error on a candidate's experiment names --experiment
// alone: the candidate's index is not a place among --experiment's values. No command line reaches
// that field today (the baseline's, the same id, is checked first), so the core's answer is stood in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandError } from '../../../shared/contract';
import { CommandFailure } from '../../core/errors';
import { main } from '../index';

const failure = vi.hoisted(() => ({ detail: null as CommandError | null }));

vi.mock('../../core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../core')>()),
  createCore: async () => ({ handlers: {}, close: async () => undefined }),
}));
vi.mock('../../core/handlers/dispatch', () => ({
  dispatch: async () => {
    throw new CommandFailure(failure.detail!);
  },
}));

afterEach(() => vi.restoreAllMocks());

async function stderrOf(detail: CommandError, ...argv: string[]): Promise<[number, string]> {
  failure.detail = detail;
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  const code = await main(argv, { XDG_DATA_HOME: '/nonexistent-gmpw-test' });
  return [code, text];
}

describe('gmpw compare --experiment: the field of an error', () => {
  const argv = ['compare', '--experiment', 'exp1', '--baseline', 'GOMAXPROCS=1', '--candidate', 'GOMAXPROCS=2', '--candidate', 'GOMAXPROCS=4'];

  it("names --experiment, given once, without the candidate's place", async () => {
    const detail: CommandError = { code: 'not-found', field: 'candidates.1.experimentId', message: 'Experiment exp1 has no runs (or does not exist).' };
    expect(await stderrOf(detail, ...argv)).toEqual([2, 'gmpw compare: --experiment: Experiment exp1 has no runs (or does not exist).\n']);
  });

  it('names a --candidate by its place among the --candidate values', async () => {
    const detail: CommandError = { code: 'not-found', field: 'candidates.1.cell', message: 'Experiment exp1 has no cell "GOMAXPROCS=4".' };
    expect(await stderrOf(detail, ...argv)).toEqual([2, 'gmpw compare: --candidate (its 2nd value): Experiment exp1 has no cell "GOMAXPROCS=4".\n']);
  });
});
