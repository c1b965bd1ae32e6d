// The API of an exported report answers from its snapshot: by command and input as the contract
// parses them (key order and defaults do not matter), errors as the app would get them, and a
// clear refusal for anything the report does not hold.
import { describe, expect, it } from 'vitest';
import { answerKey, type ReportSnapshot } from '../../../shared/report';
import { createSnapshotApi } from './snapshot-api';

const diffInput = { baseline: 'a', candidate: 'b', profile: 'cpu.pprof', normalisation: 'per-second' as const };
const snapshot: ReportSnapshot = {
  format: 1,
  kind: 'compare',
  title: 't',
  exportedAt: '2026-12-02T00:00:00.000Z',
  pages: [{ label: 'Comparison', hash: '#/compare/a/b' }],
  minFrameShare: 0.001,
  answers: {
    [answerKey('runs.terminal', { id: 'a' })]: { ok: true, value: { text: 'hello' } },
    [answerKey('compare.diffFlame', diffInput)]: { ok: false, error: { message: 'Run b has no measured duration', field: 'normalisation', code: 'invalid' } },
    [answerKey('compare.cells', { baseline: { experimentId: 'e', cell: 'c1' } })]: { ok: true, value: { recorded: true } },
  },
};
const api = createSnapshotApi(snapshot);

describe('the snapshot API', () => {
  it('answers a recorded command, whatever the key order and with defaults left out', async () => {
    expect(await api.invoke('runs.terminal', { id: 'a' })).toEqual({ text: 'hello' });
    expect(await api.invoke('compare.cells', { baseline: { cell: 'c1', experimentId: 'e' } })).toEqual({ recorded: true });
    expect(await api.invoke('compare.cells', { baseline: { experimentId: 'e', cell: 'c1' }, candidates: [] })).toEqual({ recorded: true });
  });

  it('rethrows a recorded error with its field and code', async () => {
    const { normalisation, ...withDefault } = diffInput;
    expect(normalisation).toBe('per-second');
    await expect(api.invoke('compare.diffFlame', withDefault)).rejects.toMatchObject({ message: 'Run b has no measured duration', field: 'normalisation', code: 'invalid' });
  });

  it('refuses what the report does not hold, and input the contract rejects, as not in this report', async () => {
    await expect(api.invoke('runs.terminal', { id: 'b' })).rejects.toMatchObject({ code: 'not-in-report' });
    await expect(api.invoke('compare.diffFlame', { ...diffInput, normalisation: 'share' })).rejects.toMatchObject({ code: 'not-in-report' });
    await expect(api.invoke('runs.get', { id: '../x' })).rejects.toMatchObject({ code: 'not-in-report' });
    await expect(api.invoke('runs.delete', { ids: ['a'] })).rejects.toMatchObject({ code: 'not-in-report' });
  });
});
