import { describe, expect, it } from 'vitest';
import { renderCatalog } from './scenarios';

describe('gmpw scenarios', () => {
  it('lists ids by group with titles, the suggested GOMAXPROCS, a concurrency it ignores, and every parameter with its default and range', () => {
    const text = renderCatalog({
      schema: 1,
      scenarios: [
        { id: 'pingpong-hog', group: 'preemption', title: 'Ping-pong next to CPU hogs', mechanism: '', source: '', fresh_process: false, signals: [], suggested_gomaxprocs: 1, ignores_concurrency: true,
          params: [{ name: 'hogs', type: 'int', default: '2', min: '1', max: '64' }, { name: 'mode', type: 'enum', default: 'a', choices: ['a', 'b'] }] },
        { id: 'idle', group: 'lifecycle', title: 'Idle', mechanism: '', source: '', fresh_process: false, signals: [], params: [] },
        { id: 'deadlock-detection', group: 'lifecycle', title: 'Deadlock', mechanism: '', source: '', fresh_process: true, bare_child: true, signals: [], params: [] },
      ],
    });
    expect(text.split('\n')).toEqual([
      'preemption',
      '  pingpong-hog  Ping-pong next to CPU hogs  [suggests GOMAXPROCS 1]  [ignores concurrency]',
      '      hogs=2 (int 1..64)  mode=a (enum a|b)',
      'lifecycle',
      '  idle  Idle',
      '  deadlock-detection  Deadlock  [no captures: its child runs without the harness]',
    ]);
  });
});
