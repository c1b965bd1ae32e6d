// Series colours readable on both themes; index 0 is always the baseline (or the only run).
export const SERIES_COLORS = ['#4c78a8', '#e45756', '#54a24b', '#f58518', '#b279a2', '#72b7b2', '#9d755d', '#eeca3b'];

export const seriesColor = (i: number): string => SERIES_COLORS[i % SERIES_COLORS.length];

/** Goroutine states in a fixed order and colour, shared by the live chart and the trace timeline. */
export const GOROUTINE_STATES: Array<{ key: string; label: string; color: string }> = [
  { key: 'running', label: 'running', color: '#54a24b' },
  { key: 'runnable', label: 'runnable', color: '#e45756' },
  { key: 'syscall', label: 'in syscall', color: '#f58518' },
  { key: 'waiting', label: 'waiting', color: '#9ecae9' },
];

/** A setting's change (GOMAXPROCS) on a timeline: a purple that neither the latency series nor the spikes use. */
export const SETTING_CHANGE_COLOR = '#8e44ad';
