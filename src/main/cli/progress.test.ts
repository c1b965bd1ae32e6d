// gmpw run's progress line: what it says of a run still inside its time, and of one past it.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../core/events';
import { RunProgress } from './progress';

/** The lines a non-terminal progress prints for one progress event. */
function lineFor(progress: { elapsed: number; total: number; index: number; of: number; eta: number }): string {
  const events = new EventBus();
  let out = '';
  const stream = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  const p = new RunProgress(events, { out: stream, tty: false, echoOutput: false });
  events.emit('run.progress', { runId: 'r1', progress });
  p.close();
  return out;
}

describe('gmpw run progress', () => {
  it('shows elapsed of the total and the ETA while the run is within its time', () => {
    expect(lineFor({ elapsed: 1, total: 2, index: 1, of: 1, eta: 1 })).toBe(`[############------------] run 1/1 r1  1.00s/2.00s  ETA 1s\n`);
    // In a grid the bar and the times are the run's, the ETA the plan's.
    expect(lineFor({ elapsed: 0.25, total: 1, index: 1, of: 24, eta: 59 })).toBe(`[######------------------] run 1/24 r1  250ms/1.00s  ETA 59s (all 24 runs)\n`);
  });

  it('says a run that went past its time is past it (not that its target overran), never elapsed/total with ETA 0s', () => {
    const line = lineFor({ elapsed: 10.26, total: 2, index: 1, of: 1, eta: 0 });
    expect(line).toBe(`[########################] run 1/1 r1  10.3s (2.00s asked; past it)\n`);
    expect(line).not.toContain('ETA');
    // Runs still queued: their time is a floor for the ETA, this run's end is unknown.
    expect(lineFor({ elapsed: 10.26, total: 2, index: 1, of: 3, eta: 12.3 })).toBe(`[########################] run 1/3 r1  10.3s (2.00s asked; past it)  ETA ≥ 13s (all 3 runs)\n`);
  });
});
