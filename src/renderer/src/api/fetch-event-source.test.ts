// The event-stream format as the page reads it through fetch: events split anywhere across chunks.
import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './fetch-event-source';

describe('EventStreamParser', () => {
  it('yields named events whole, whatever the chunking, and skips comments', () => {
    const text = 'retry: 2000\n\n: ping\n\nevent: run.output\ndata: {"a":1}\n\nevent: runs.changed\r\ndata: one\r\ndata: two\r\n\r\ndata: plain\n\n';
    const expected = [
      { type: 'run.output', data: '{"a":1}' },
      { type: 'runs.changed', data: 'one\ntwo' },
      { type: 'message', data: 'plain' },
    ];
    for (const size of [1, 3, 7, text.length]) {
      const retries: number[] = [];
      const parser = new EventStreamParser((ms) => retries.push(ms));
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      expect(events, `chunks of ${size}`).toEqual(expected);
      expect(retries).toEqual([2000]);
    }
  });

  it('holds back an event until its blank line arrives', () => {
    const parser = new EventStreamParser(() => undefined);
    expect(parser.push('event: x\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ type: 'x', data: '1' }]);
  });
});
