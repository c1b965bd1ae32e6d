import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../shared/results';
import { UserError } from '../errors';
import { checkScenario } from './catalog';

describe('catalog checks', () => {
  const catalog: Catalog = {
    schema: 1,
    scenarios: [
      {
        id: 'demo',
        group: 'channels',
        title: 'Demo',
        mechanism: '',
        source: '',
        fresh_process: false,
        signals: [],
        params: [
          { name: 'n', type: 'int', default: '2', min: '1', max: '8' },
          { name: 'd', type: 'duration', default: '1ms', min: '1us', max: '1s' },
          { name: 'mode', type: 'enum', default: 'a', choices: ['a', 'b'] },
        ],
      },
    ],
  };
  const fieldOf = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return (err as UserError).field;
    }
  };

  it('accepts known params within bounds', () => {
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '8', d: '10ms', mode: 'b' }))).toBeNull();
  });

  it('names the field of an unknown scenario, an unknown param and a value out of bounds', () => {
    expect(fieldOf(() => checkScenario(catalog, 'nope', {}))).toBe('plan.target.id');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { x: '1' }))).toBe('plan.target.params.x');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '9' }))).toBe('plan.target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { n: '1.5' }))).toBe('plan.target.params.n');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { d: '2s' }))).toBe('plan.target.params.d');
    expect(fieldOf(() => checkScenario(catalog, 'demo', { mode: 'c' }))).toBe('plan.target.params.mode');
  });

  it('says which scenario a misspelled id most likely meant, and lists them all when none is close', () => {
    const message = (id: string) => {
      try {
        checkScenario(catalog, id, {});
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message('dmeo')).toBe('unknown scenario "dmeo"; did you mean "demo"?');
    expect(message('DEMO')).toBe('unknown scenario "DEMO"; did you mean "demo"?');
    expect(message('something-else-entirely')).toBe(`unknown scenario "something-else-entirely" (known: ${catalog.scenarios.map((s) => s.id).join(', ')})`);
  });
});
