// The drill-down's text beside the timeline: the worst waits with the waiter's and the unblocker's
// stacks, the burst of wake-ups, the longest run that held a P while others waited, the run queue.
// Definitions: docs/ARCHITECTURE.md §5, "Spike drill-down".
import type { WaitCause, WindowFacts, WindowWait } from '../../../shared/trace-window';
import { reportedWaitEnd, waitEndRange, type TimeRange } from '../../../shared/drilldown';
import { formatDuration, formatPercent, rangeDigits } from '../format';
import { burstRuntimeText, busyShare, goroutine, heldText, syscallShare } from './wait-text';
import { counted, noun } from '../../../shared/plural';
import { waitCauseShort } from '../wait-causes';
import { isRuntimeGoroutine } from '../../../shared/program-latency';

const seconds = (t: number) => `${t.toFixed(4)} s`;

export function Stack({ frames, empty, testId }: { frames: string[]; empty: string; testId?: string }) {
  return frames.length > 0 ? (
    <pre className="stack" data-testid={testId}>
      {frames.join('\n')}
    </pre>
  ) : (
    <p className="muted small" data-testid={testId}>
      {empty}
    </p>
  );
}

/** Opening another range from the facts: the Run page's, or a report's recorded one. */
export interface RangeOpener {
  /** The range the facts are of, and where the trace ends. */
  listed: TimeRange;
  traceEnd_s: number;
  open: (range: TimeRange) => void;
  /** A report: it holds the end of one wait a range (reportedWaitEnd), not of every wait. */
  recordedOnly?: boolean;
}

function WaitItem({ wait, keptUntil_s, opener, recordedEnd }: { wait: WindowWait; keptUntil_s: number | null; opener: RangeOpener | null; recordedEnd: TimeRange | null }) {
  const held = heldText(wait);
  const share = busyShare(wait);
  const inSyscalls = syscallShare(wait);
  // Its end lies past the caps' cut: the timeline cannot show what let it run, a narrower range can.
  const pastCut = opener && waitEndRange(wait, opener.listed, keptUntil_s, opener.traceEnd_s);
  // A report opens only the end it recorded (reportedWaitEnd), cut more finely than the app's.
  const recordedHere = recordedEnd !== null && recordedEnd.g === wait.g && recordedEnd.waited?.end_s === wait.end_s;
  const end = pastCut && (opener!.recordedOnly ? (recordedHere ? recordedEnd : null) : pastCut);
  return (
    <li data-testid="drill-wait" data-g={wait.g}>
      <details>
        <summary>
          <strong>{formatDuration(wait.wait_s)}</strong> goroutine {wait.g} <code>{wait.startFunc || '(start not in range)'}</code>
          {isRuntimeGoroutine(wait.startFunc) && (
            <span className="muted" data-testid="runtime-goroutine">
              {' '}
              (the runtime&apos;s own, left out of the program&apos;s latency)
            </span>
          )}{' '}
          · {waitCauseShort(wait.cause)} · runnable at <span className="wait-at" data-testid="wait-at">{seconds(wait.begin_s)}</span>
          {share !== null && <> · Ps busy {formatPercent(share)}</>}
          {/* Held by syscalls, a P runs nothing else: not to be read as idle from the busy share alone. */}
          {inSyscalls !== null && inSyscalls >= 0.001 && <> · in syscalls {formatPercent(inSyscalls)}</>}
        </summary>
        {held && (
          <p className="small" data-testid="wait-held">
            {held}
          </p>
        )}
        {pastCut && (
          <p className="small" data-testid="wait-end">
            It ended past the caps' cut, where the timeline stops
            {end ? (
              <>
                :{' '}
                <button type="button" className="small" data-testid="wait-end-range" onClick={() => opener!.open(end)}>
                  open its end, {end.from_s.toFixed(rangeDigits(end.to_s - end.from_s))}–{end.to_s.toFixed(rangeDigits(end.to_s - end.from_s))} s
                </button>
              </>
            ) : (
              "; this report recorded the end of the range's longest such wait only, the workbench opens any"
            )}
            .
          </p>
        )}
        <div className="two-stacks">
          <div>
            <h4>Waiter's stack</h4>
            <Stack testId="waiter-stack" frames={wait.waiterStack} empty={EMPTY_WAITER_STACK[wait.cause]} />
          </div>
          <div>
            <h4>{wait.cause === 'created' ? `Created by ${goroutine(wait.unblocker, wait.unblockerStartFunc)}` : wait.cause === 'unblocked' ? `Woken by ${goroutine(wait.unblocker, wait.unblockerStartFunc)}` : 'Not woken'}</h4>
            <Stack testId="unblocker-stack" frames={wait.unblockerStack} empty={EMPTY_UNBLOCKER_STACK[wait.cause]} />
          </div>
        </div>
      </details>
    </li>
  );
}

/** Why a wait has no waiter's stack, by how it came to wait. */
const EMPTY_WAITER_STACK: Record<WaitCause, string> = {
  created: 'new goroutine: it had not run yet',
  syscall_lost_p: 'back from a syscall whose P was taken: no stack is recorded at that return',
  unblocked: 'it stopped before the range',
  preempted: 'it stopped before the range',
  yielded: 'it stopped before the range',
  other: 'it stopped before the range',
};

/** Why a wait has no unblocker's stack, by how it came to wait. */
const EMPTY_UNBLOCKER_STACK: Record<WaitCause, string> = {
  created: 'no stack recorded',
  unblocked: 'no stack recorded',
  syscall_lost_p: 'not woken: it came back from a syscall, its P taken meanwhile',
  preempted: 'not woken: it was preempted',
  yielded: 'not woken: it yielded',
  other: 'not woken: it stopped running itself',
};

/**
 * What a capped range's facts count: what the lists they read kept, each fact to the cut of its own
 * lists (the run queue says its own); the earliest cut is the one every fact is whole before.
 */
function partialText(facts: WindowFacts, group: string | null): string {
  const until = facts.keptUntil_s === null ? 'only what was kept' : `only what the lists they read kept, each to its own list's cut (all of them whole before ${seconds(facts.keptUntil_s)}, the earliest)`;
  return group
    ? `The range holds more than the window query keeps (its caps, above): these facts count ${until}.`
    : `The range holds more than the window query keeps (its caps, above): the worst and open waits count all of it; the burst, the longest hold, the run queue and whom the Ps ran during a wait count ${until}; a wait that ends past its lists' cut does not say whom.`;
}

export function DrillFacts({ facts, group, opener = null }: { facts: WindowFacts; group: string | null; opener?: RangeOpener | null }) {
  const { burst, longestHold: hold, runQueue } = facts;
  const recordedEnd = opener?.recordedOnly ? reportedWaitEnd(facts, opener.listed, opener.traceEnd_s) : null;
  return (
    <div className="drill-facts" data-testid="drill-facts" data-group={group ?? ''}>
      {group && (
        <p className="muted small" data-testid="drill-facts-group">
          About group <code>{group}</code>: its waits, its burst and its longest hold; the run queue is every goroutine's.
        </p>
      )}
      {facts.partial && (
        <p className="muted small" data-testid="drill-facts-partial">
          {partialText(facts, group)}
        </p>
      )}
      <h3>Worst waits for a P</h3>
      {facts.worstWaits.length === 0 ? (
        <p className="muted">No goroutine{group ? ' of this group' : ''} both became runnable and ran in this range.</p>
      ) : (
        <ol className="drill-waits">
          {facts.worstWaits.map((w) => (
            <WaitItem key={`${w.g}@${w.begin_s}`} wait={w} keptUntil_s={facts.keptUntil_s} opener={opener} recordedEnd={recordedEnd} />
          ))}
        </ol>
      )}
      {facts.openWaits > 0 && (
        <p className="muted small">
          {counted(facts.openWaits, 'goroutine was', 'goroutines were')} still runnable {facts.openWaitsAt_s === null ? "at the range's end" : `at ${seconds(facts.openWaitsAt_s)}, where the cap cut the transitions`} (not
          counted above).
        </p>
      )}

      <h3>Burst</h3>
      {burst ? (
        <div data-testid="drill-burst">
          <p>
            <strong>{burst.count.toLocaleString('en-US')}</strong> {noun(burst.count, 'wake-up')} of {counted(burst.goroutines, 'goroutine')} within ±1 ms of {seconds(burst.t)}:{' '}
            {Object.entries(burst.byCause)
              .sort((a, b) => b[1] - a[1])
              .map(([cause, n]) => `${n.toLocaleString('en-US')} ${waitCauseShort(cause)}`)
              .join(', ')}
            .
          </p>
          {burst.runtime.count > 0 && (
            <p className="muted" data-testid="drill-burst-runtime">
              {burstRuntimeText(burst)}
            </p>
          )}
          {burst.unblockers.length > 0 && (
            <ol className="drill-unblockers">
              {burst.unblockers.map((u) => (
                <li key={`${u.by}/${u.stack.join('|')}/${u.created}`}>
                  {u.count.toLocaleString('en-US')} {u.created ? 'created' : 'woken'} by {goroutine(u.by, u.startFunc)}
                  <Stack frames={u.stack} empty="no stack recorded" />
                </li>
              ))}
            </ol>
          )}
          {burst.moreUnblockers.unblockers > 0 && (
            <p className="muted small" data-testid="drill-burst-more">
              … and {burst.moreUnblockers.count.toLocaleString('en-US')} more, by {counted(burst.moreUnblockers.unblockers, 'other waker or creator', 'other wakers or creators')}.
            </p>
          )}
        </div>
      ) : (
        <p className="muted">Nothing became runnable in this range.</p>
      )}

      <h3>Longest hold of a P while others waited</h3>
      {hold ? (
        <p data-testid="drill-hold">
          goroutine {hold.g} <code>{hold.startFunc || '(start not in range)'}</code> ran on P{hold.p} from {seconds(hold.begin_s)} for {formatDuration(hold.end_s - hold.begin_s)}, {formatDuration(hold.heldWhileWaiting_s)} of it with goroutines
          waiting (up to {hold.maxWaiting}); it stopped: {hold.stop}.
        </p>
      ) : (
        <p className="muted">No goroutine ran while others waited in the run queue.</p>
      )}

      <h3>Run queue</h3>
      <p data-testid="drill-queue">
        {runQueue.atFrom} runnable at the start, at most <strong>{runQueue.max}</strong>
        {runQueue.maxAt !== null && ` at ${seconds(runQueue.maxAt)}`}, {runQueue.mean.toFixed(1)} on average {runQueue.cut_s === null ? 'over the range' : `until ${seconds(runQueue.cut_s)}, where the cap stopped its steps`}.
      </p>
    </div>
  );
}
