import { describe, expect, it } from 'vitest';
import { LabelNotes, measured, percent, printableLine, printableLines, rate, seconds, table, withoutEmptyColumns } from './format';

describe('terminal numbers', () => {
  it('count in the singular for one, keep go test units as printed, and print time in its unit', () => {
    expect(measured('cycles', 1)).toBe('1 cycle');
    expect(measured('syscalls', 3)).toBe('3 syscalls');
    expect(measured('allocs/op', 1)).toBe('1 allocs/op');
    expect(measured('ns/op', 0.3114)).toBe('0.311 ns/op');
    expect(measured('s', 0.0042)).toBe('4.20ms');
    // Three significant digits, as the app's pages print them (formatValue): not "6.5 threads".
    expect(measured('threads', 6.5)).toBe('6.50 threads');
    expect(measured('allocs/op', 0.0042)).toBe('0.00420 allocs/op');
    expect(seconds(null)).toBe('—');
  });

  it('print a slow rate to three significant digits, as the pages do, not rounded to a whole number', () => {
    expect([rate(15.67), rate(48.27), rate(13), rate(1234.56), rate(null)]).toEqual(['15.7', '48.3', '13', '1,235', '—']);
  });
});

describe('tables', () => {
  it("move a label's long qualifier to a numbered note under the table, once for every row that shares it", () => {
    const notes = new LabelNotes();
    const qualifier = 'runtime/metrics, sampled by Go 1.26+, bucket bound per run: the measured window';
    expect([`Sched latency p50 (${qualifier})`, `Sched latency p99 (${qualifier})`, 'GC cycles (measured window)', 'Throughput', 'Goroutines (end; the runtime own included)'].map((l) => notes.short(l))).toEqual([
      'Sched latency p50 [1]',
      'Sched latency p99 [1]',
      'GC cycles (measured window)',
      'Throughput',
      'Goroutines [2]',
    ]);
    expect(notes.lines()).toEqual([`[1] ${qualifier}`, '[2] end; the runtime own included']);
  });

  it('leave out an optional column only when no row has a value in it', () => {
    const rows = [['id', 'experiment', 'label', 'sched p99'], ['r1', '—', '', '—'], ['r2', '—', 'warm', '—']];
    // "label" has one value; "sched p99" is empty everywhere but not optional.
    expect(withoutEmptyColumns(rows, ['experiment', 'label'])).toEqual([['id', 'label', 'sched p99'], ['r1', '', '—'], ['r2', 'warm', '—']]);
    expect(withoutEmptyColumns(rows, [])).toEqual(rows);
  });
});

describe('stored text in a terminal', () => {
  it('escapes control characters, line breaks and tabs included, so a cell stays one cell of one row', () => {
    expect(printableLine('a\x1b[2Jb\nc\td\x9b')).toBe('a\\x1b[2Jb\\x0ac\\x09d\\x9b');
    expect(table([['id', 'label'], ['r1', 'x\nr2  succeeded']]).split('\n')).toEqual(['id  label', 'r1  x\\x0ar2  succeeded']);
  });

  it("shows a message of several lines as lines, those after the first indented, each made printable", () => {
    expect(printableLines('go build of ./cmd/gmpstress failed:\nwrite /d/x: no space left on device\r\n\x1b]52;c;x\x07')).toBe(
      'go build of ./cmd/gmpstress failed:\n  write /d/x: no space left on device\n  \\x1b]52;c;x\\x07',
    );
  });
});

describe('percent', () => {
  it('signs a change, and says -100.0% only of a fall to zero', () => {
    expect([12.34, -4, 0, null].map(percent)).toEqual(['+12.3%', '-4.0%', '0.0%', '—']);
    expect(percent(-99.97953)).toBe('-99.98%');
    expect(percent(-100)).toBe('-100.0%');
  });
});
