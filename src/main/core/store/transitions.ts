// The run life cycle (docs/ARCHITECTURE.md §3): queued → building → running → analysing → one terminal state.
// Steps may be skipped forward (a scenario needs no build, a run without a trace no analysis),
// never taken back, and a terminal state is final.
import { ACTIVE_STATES, type RunState } from '../../../shared/domain';

const NEXT: Record<(typeof ACTIVE_STATES)[number], readonly RunState[]> = {
  queued: ['building', 'running', 'failed', 'cancelled', 'interrupted'],
  building: ['running', 'failed', 'cancelled', 'timed-out', 'interrupted'],
  running: ['analysing', 'succeeded', 'failed', 'cancelled', 'timed-out', 'interrupted'],
  // A failed or timed-out target's leftovers are analysed too, before the run ends as the target did.
  analysing: ['succeeded', 'failed', 'cancelled', 'timed-out', 'interrupted'],
};

/** The states from which `to` may be entered. */
export function statesLeadingTo(to: RunState): RunState[] {
  return ACTIVE_STATES.filter((from) => NEXT[from].includes(to));
}
