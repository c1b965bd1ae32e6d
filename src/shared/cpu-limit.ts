// The CPU limit a run ran under, in words: the workbench sets it on the run's own cgroup before the
// process starts, but a scenario may set another (cpu-quota-throttle-tail applies its quota,
// container-gomaxprocs steps through several), so the value in force during the measured window is
// the one to state, with what was configured and every change beside it. gmpw show and the Run page
// say it the same way.
import { alikeCellsNote } from './alike-cells';
import { cellOf, withoutDimensions } from './cell-name';
import { counted } from './plural';
import type { Provenance, SettingChange } from './domain';
import { settingChangeTime } from './gomaxprocs';

type LimitFacts = Pick<Provenance, 'cgroupCpuLimit' | 'cgroupCpuLimitAtStart' | 'cgroupCpuLimitChanges'> & Partial<Pick<Provenance, 'numCpu'>>;

/** The changes listed by name; more are counted. */
const LISTED_CHANGES = 4;

/** A limit in cores, in words: "1 core", "0.5 cores", "none" (null or 0: no limit). */
export const cores = (v: number | null): string => (v === null || v === 0 ? 'none' : counted(v, 'core'));

/** "1.5 → 0.5 between 0.001 and 0.102 s": 0 is no limit. */
function cpuLimitChangeText(c: SettingChange): string {
  return `${c.from === 0 ? 'none' : c.from} → ${c.to === 0 ? 'none' : c.to} ${settingChangeTime(c)}`;
}

/** "0.5 cores", "0.5 cores (configured 1.5)", "none (configured 1.5)": for one line of many; null when there was no limit. */
export function cpuLimitShort(configured: number | 'max', p: LimitFacts | null): string | null {
  if (!p) return configured === 'max' ? null : `${counted(configured, 'core')} configured`;
  const inForce = p.cgroupCpuLimit;
  if (inForce === null && configured === 'max') return null;
  const asked = configured === 'max' ? 'none' : String(configured);
  return inForce === (configured === 'max' ? null : configured) ? cores(inForce) : `${cores(inForce)} (configured ${asked})`;
}

/**
 * "0.5 cores in force during the measured window (1.5 configured; changed during the run: 1.5 → 0.5
 * at 0.102 s)", "held longest of the measured window" when it changed inside it; null when the run
 * had no limit at any time and none was configured.
 */
export function cpuLimitText(configured: number | 'max', p: LimitFacts | null): string | null {
  if (!p) return configured === 'max' ? null : `${cores(configured)} configured (the run's own cgroup; the run did not say which held)`;
  const changes = p.cgroupCpuLimitChanges;
  if (configured === 'max' && p.cgroupCpuLimit === null && changes.length === 0) return null;
  const asked = configured === 'max' ? 'none configured' : `${counted(configured, 'core')} configured`;
  // A quota of as many cores as the machine has, or more, cannot hold anything back.
  const slack = p.numCpu !== undefined && p.cgroupCpuLimit !== null && p.cgroupCpuLimit >= p.numCpu ? `; not below the machine's ${counted(p.numCpu, 'CPU')}, it holds nothing back` : '';
  if (changes.length === 0) return `${cores(p.cgroupCpuLimit)} in force during the measured window (${configured === p.cgroupCpuLimit ? "the run's own cgroup" : asked}${slack})`;
  const listed = changes.slice(0, LISTED_CHANGES).map(cpuLimitChangeText).join(', ');
  const more = changes.length > LISTED_CHANGES ? `, and ${changes.length - LISTED_CHANGES} more` : '';
  // A limit that changed inside the window held there only part of it: the harness gives the one held longest.
  const held = changes.some((c) => c.phase === 'measure') ? 'held longest of the measured window' : 'in force during the measured window';
  return `${cores(p.cgroupCpuLimit)} ${held} (${asked}; changed during the run: ${listed}${more}${slack})`;
}

/** The CPU limit a run's measured window ran under, in cores ('max': none), from its result; null when it left none. */
export function cpuLimitRan(d: { provenance: Pick<Provenance, 'cgroupCpuLimit'> | null }): number | 'max' | null {
  return d.provenance ? (d.provenance.cgroupCpuLimit ?? 'max') : null;
}

/**
 * CPU limits asked differently that ran under one: a scenario that sets its own quota
 * (cpu-quota-throttle-tail's quota=0.5) holds every cell of --cpu-limit 1,max at 0.5 cores. Only
 * cells alike in their other dimensions are set side by side. A sentence, or null.
 */
export function sameCpuLimitNote(runs: readonly { cell: string | null; configured: number | 'max'; inForce: number | 'max' | null }[]): string | null {
  const alike = runs.map((r) => ({
    asked: String(r.configured),
    ran: r.inForce === null ? null : String(r.inForce),
    among: r.cell === null ? '' : withoutDimensions(cellOf(r.cell), ['cpu']),
  }));
  return alikeCellsNote(alike, 'cpu', (v) => `ran under the same CPU limit, ${v === 'max' ? 'none' : cores(Number(v))}`, 'limit');
}
