// The rules of the Trace Event Format that Perfetto's JSON importer holds a file to, checked on a
// file the workbench exported: what it would drop or draw wrongly. Returns the problems found, in
// words; none for a file Perfetto reads whole.
import type { TraceEvent, TraceEventFile } from '../../src/shared/perfetto-export';

const threadKey = (e: Pick<TraceEvent, 'pid' | 'tid'>): string => `${e.pid}/${e.tid}`;

/** A time in µs as Perfetto's importer reads it: whole nanoseconds, µs × 1000 rounded. */
const ns = (us: number): number => Math.round(us * 1000);

export function traceEventProblems(file: TraceEventFile): string[] {
  const problems: string[] = [];
  const events = file.traceEvents;
  const named = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map(threadKey));
  const processes = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const slices = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (typeof e.name !== 'string' || typeof e.pid !== 'number') problems.push(`an event without a name or pid: ${JSON.stringify(e)}`);
    if (e.ph !== 'M' && !(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0)) problems.push(`an event without a time: ${JSON.stringify(e)}`);
    if (!processes.has(e.pid)) problems.push(`process ${e.pid} has no name`);
    if (e.ph !== 'X') continue;
    if (!(typeof e.dur === 'number' && e.dur >= 0)) problems.push(`a slice without a duration: ${JSON.stringify(e)}`);
    if (!named.has(threadKey(e))) problems.push(`thread ${threadKey(e)} has no name`);
    slices.set(threadKey(e), [...(slices.get(threadKey(e)) ?? []), e]);
  }
  // Slices of one thread nest or follow each other, in whole nanoseconds as Perfetto reads them: a
  // slice that overlaps another's end is dropped.
  const span = (s: TraceEvent) => ({ begin: ns(s.ts!), end: ns(s.ts!) + ns(s.dur!) });
  for (const [thread, list] of slices) {
    const open: number[] = [];
    for (const s of [...list].sort((a, b) => span(a).begin - span(b).begin || span(b).end - span(a).end)) {
      const { begin, end } = span(s);
      while (open.length > 0 && open[open.length - 1]! <= begin) open.pop();
      if (open.length > 0 && end > open[open.length - 1]!) problems.push(`thread ${thread}: "${s.name}" at ${s.ts} µs overlaps the end of the slice around it`);
      open.push(end);
    }
  }
  // A flow starts and ends inside a slice of its thread, and each start has its end.
  const enclosed = (e: TraceEvent) => (slices.get(threadKey(e)) ?? []).some((s) => span(s).begin <= ns(e.ts!) && ns(e.ts!) <= span(s).end);
  const flows = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 's' || x.ph === 'f')) {
    if (!enclosed(e)) problems.push(`flow ${e.id} (${e.ph}) at ${e.ts} µs is in no slice of thread ${threadKey(e)}`);
    flows.set(e.id!, [...(flows.get(e.id!) ?? []), e]);
  }
  for (const [id, ends] of flows) if (ends.map((e) => e.ph).join('') !== 'sf') problems.push(`flow ${id} is ${ends.map((e) => e.ph).join('')}, not a start and an end`);
  // Perfetto reads the time unit from a displayTimeUnit at the file's head: ns would make each µs a nanosecond.
  if ('displayTimeUnit' in file) problems.push('a displayTimeUnit, which Perfetto takes for the unit of every time');
  // An async slice begins and ends once, its end not before its begin.
  const async = new Map<string, TraceEvent[]>();
  for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) async.set(`${e.cat}/${e.id}`, [...(async.get(`${e.cat}/${e.id}`) ?? []), e]);
  for (const [id, ends] of async) {
    const [b, e] = ends;
    if (ends.length !== 2 || b!.ph !== 'b' || e!.ph !== 'e' || e!.ts! < b!.ts!) problems.push(`async slice ${id} is not one begin and one end after it`);
  }
  return problems;
}
