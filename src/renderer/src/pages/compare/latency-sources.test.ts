import { describe, expect, it } from 'vitest';
import { latencySourcesText } from './latency-sources';

describe('latencySourcesText', () => {
  it('says what each line is, once for all when they agree, by run when they do not', () => {
    expect(latencySourcesText([{ run: 'a', source: 'program' }, { run: 'b', source: 'program' }])).toBe("Each line: every wait of the program's goroutines in its trace, exact (the runtime's own left out).");
    expect(latencySourcesText([{ run: 'a', source: 'sampled' }])).toBe("The line: the runtime's sample of waits (/sched/latencies: no trace was analysed).");
    expect(latencySourcesText([{ run: 'a', source: 'program' }, { run: 'b', source: 'sampled' }, { run: 'c', source: 'all' }, { run: 'd', source: 'program' }])).toBe(
      "a, d: every wait of the program's goroutines in its trace, exact (the runtime's own left out). b: the runtime's sample of waits (/sched/latencies: no trace was analysed). c: every goroutine's waits in its trace, exact, the runtime's own included (an older gmptrace analysed it).",
    );
  });
});
