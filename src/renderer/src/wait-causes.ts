// Why a goroutine became runnable (gmptrace's wait causes), in a few words and a colour of its own:
// for legends and facts, where the Run page's cause table has room for the longer explanations.
import { seriesColor } from './charts/palette';

const WAIT_CAUSE_SHORT: Record<string, string> = {
  created: 'created',
  unblocked: 'unblocked',
  preempted: 'preempted',
  yielded: 'yielded',
  syscall_lost_p: 'syscall lost its P',
  other: 'other',
};

export const waitCauseShort = (cause: string): string => WAIT_CAUSE_SHORT[cause] ?? cause;

/**
 * A cause's colour, the same in every run: drawn in the order of the run's own causes (largest first),
 * preempted would be red in one run and green in the next, and two runs read side by side would lie.
 */
export const waitCauseColor = (cause: string): string => {
  const known = Object.keys(WAIT_CAUSE_SHORT).indexOf(cause);
  return seriesColor(known >= 0 ? known : Object.keys(WAIT_CAUSE_SHORT).length);
};
