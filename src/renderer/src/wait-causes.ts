// Why a goroutine became runnable (gmptrace's wait causes), in a few words: for legends and facts,
// where the Run page's cause table has room for the longer explanations.
const WAIT_CAUSE_SHORT: Record<string, string> = {
  created: 'created',
  unblocked: 'unblocked',
  preempted: 'preempted',
  yielded: 'yielded',
  syscall_lost_p: 'syscall lost its P',
  other: 'other',
};

export const waitCauseShort = (cause: string): string => WAIT_CAUSE_SHORT[cause] ?? cause;
