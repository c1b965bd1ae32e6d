// Two processes may draw the same id in the same second: the store must take another one rather
// than share a run folder or fail. Ids are forced to repeat here to make that happen every time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runConfig, tempDataDir } from '../../../../test/support/store-fixtures';
import { newId } from './ids';
import { Store } from './store';

vi.mock('./ids', () => {
  const drawn = ['260101-000000-00aa', '260101-000000-00aa', '260101-000000-00bb', '260101-000000-00cc', '260101-000000-00cc', '260101-000000-00dd'];
  return { newId: vi.fn(() => drawn.shift()) };
});

describe('id collisions', () => {
  const data = tempDataDir();
  afterEach(() => data.cleanup());

  it('claims another id when a run folder or an experiment id is taken', () => {
    const store = Store.open(data.dir);
    try {
      const first = store.createRun({ config: runConfig() });
      const second = store.createRun({ config: runConfig() });
      expect([first, second]).toEqual(['260101-000000-00aa', '260101-000000-00bb']);
      const experiments = [store.createExperiment('x', {}), store.createExperiment('y', {})];
      expect(experiments).toEqual(['260101-000000-00cc', '260101-000000-00dd']);
      expect(vi.mocked(newId)).toHaveBeenCalledTimes(6);
    } finally {
      store.close();
    }
  });
});
