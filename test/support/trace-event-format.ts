// The rules of the Trace Event Format that Perfetto's JSON importer holds a file to, as its source
// reads, checked on a file the workbench exported: what it would drop or draw wrongly (a slice that
// overlaps another's end, a flow whose end is in no slice or whose id is not hexadecimal, a tid of
// 0 taken for its pid, a displayTimeUnit taken for the unit of every time). Returns the problems
// found, in words; none for a file Perfetto reads whole.
import type { TraceEvent, TraceEventFile } from '../../src/shared/perfetto-export';

/** A thread as Perfetto's importer keys it: a tid of 0 (or none) is taken for the pid, its main thread. */
const threadKey = (e: Pick<TraceEvent, 'pid' | 'tid'>): string => `${e.pid}/${e.tid ? e.tid : e.pid}`;

/** A time in µs as Perfetto's importer reads it: whole nanoseconds, µs × 1000 rounded. */
const ns = (us: number): number => Math.round(us * 1000);

export function traceEventProblems(file: TraceEventFile): string[] {
  const problems: string[] = [];
  const events = file.traceEvents;
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const named = new Set(names.map(threadKey));
  // Two names for one thread: two tracks drawn as one (P 0 at tid 0 was P 1's thread of pid 1).
  if (named.size < names.length) problems.push(`${names.length - named.size} thread names fall on a thread named already (a tid of 0 is its pid's)`);
  const processes = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const slices = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (typeof e.name !== 'string' || typeof e.pid !== 'number') problems.push(`an event without a name or pid: ${JSON.stringify(e)}`);
    if (e.ph !== 'M' && !(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0)) problems.push(`an event without a time: ${JSON.stringify(e)}`);
    if (!processes.has(e.pid)) problems.push(`process ${e.pid} has no name`);
    if (e.ph !== 'X') continue;
    if (!(typeof e.dur === 'number' && e.dur >= 0)) problems.push(`a slice without a duration: ${JSON.stringify(e)}`);
    if (!named.has(threadKey(e))) problems.push(`thread ${threadKey(e)} has no name`);
    const list = slices.get(threadKey(e));
    if (list) list.push(e);
    else slices.set(threadKey(e), [e]);
  }
  // Slices of one thread nest or follow each other, in whole nanoseconds as Perfetto reads them: a
  // slice that overlaps another's end is dropped.
  const span = (s: TraceEvent) => ({ begin: ns(s.ts!), end: ns(s.ts!) + ns(s.dur!) });
  const sorted = new Map<string, Array<{ begin: number; end: number }>>();
  for (const [thread, list] of slices) {
    const spans = list.map((s) => ({ ...span(s), name: s.name, ts: s.ts })).sort((a, b) => a.begin - b.begin || b.end - a.end);
    const open: number[] = [];
    for (const s of spans) {
      while (open.length > 0 && open[open.length - 1]! <= s.begin) open.pop();
      if (open.length > 0 && s.end > open[open.length - 1]!) problems.push(`thread ${thread}: "${s.name}" at ${s.ts} µs overlaps the end of the slice around it`);
      open.push(s.end);
    }
    sorted.set(thread, spans);
  }
  // A slice holds [begin, end): at its end instant it has ended, and a flow there binds to the next one.
  const enclosed = (e: TraceEvent): boolean => {
    const spans = sorted.get(threadKey(e)) ?? [];
    const at = ns(e.ts!);
    // The last slice that begins by then, and those before it (one of them may enclose it).
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.begin <= at) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) if (at < spans[i]!.end) return true;
    return false;
  };
  const flows = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 's' || x.ph === 'f')) {
    if (!enclosed(e)) problems.push(`flow ${e.id} (${e.ph}) at ${e.ts} µs is in no slice of thread ${threadKey(e)}`);
    // Perfetto reads a flow's id as hexadecimal: any other text is an invalid id, and the flow is dropped.
    if (!/^[0-9a-f]+$/i.test(String(e.id))) problems.push(`flow ${e.id} has an id Perfetto cannot read as hexadecimal`);
    const ends = flows.get(e.id!);
    if (ends) ends.push(e);
    else flows.set(e.id!, [e]);
  }
  for (const [id, ends] of flows) if (ends.map((e) => e.ph).join('') !== 'sf') problems.push(`flow ${id} is ${ends.map((e) => e.ph).join('')}, not a start and an end`);
  // Perfetto reads the time unit from a displayTimeUnit at the file's head: ns would make each µs a nanosecond.
  if ('displayTimeUnit' in file) problems.push('a displayTimeUnit, which Perfetto takes for the unit of every time');
  // An async slice begins and ends once, its end not before its begin.
  const async = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) {
    const ends = async.get(`${e.cat}/${e.id}`);
    if (ends) ends.push(e);
    else async.set(`${e.cat}/${e.id}`, [e]);
  }
  for (const [id, ends] of async) {
    const [b, e] = ends;
    if (ends.length !== 2 || b!.ph !== 'b' || e!.ph !== 'e' || e!.ts! < b!.ts!) problems.push(`async slice ${id} is not one begin and one end after it`);
  }
  return problems;
}
