// The regression gate's verdict (gmpw compare --fail-on) for a terminal and, first in a pull
// request's comment, as Markdown.
import type { GateOptions, GateResult } from '../../../shared/gate';
import { markdownCell, printableLine } from '../format';

/** A gate's verdict with what it was asked. */
export interface Gate {
  options: GateOptions;
  result: GateResult;
}

const GATE_WORDS: Record<GateResult['lines'][number]['outcome'], string> = { worse: 'WORSE', passed: 'passed', unjudged: 'NOT JUDGED' };

/** The gate's words: its heading, a line per verdict or problem, the chance of a false alarm, the outcome. */
function gateText({ result: g, options: o }: Gate): { heading: string; lines: Array<{ word: string; text: string }>; chance: string | null; outcome: string } {
  const floor = o.minChangePct > 0 ? `, worsening below ${o.minChangePct}% allowed` : '';
  const worse = g.lines.filter((l) => l.outcome === 'worse').length;
  const unjudged = g.lines.filter((l) => l.outcome === 'unjudged').length + g.problems.length;
  const tested = g.lines.filter((l) => l.tested).length;
  return {
    heading: `Gate (--fail-on ${o.metrics.join(',')}${floor})`,
    lines: [...g.lines.map((l) => ({ word: GATE_WORDS[l.outcome], text: `${l.metric}, ${l.group}: ${l.text}` })), ...g.problems.map((text) => ({ word: GATE_WORDS.unjudged, text }))],
    chance: tested > 1 ? `${tested} tested verdicts: when nothing changed, a gate like this fails by chance alone at most about ${g.chanceFailurePct}% of the time.` : null,
    outcome: g.passed ? 'gate: passed' : `gate: FAILED (${worse} worse, ${unjudged} not judged)`,
  };
}

/**
 * The gate's verdict after the tables: a line per gated metric and candidate, what kept it from
 * judging, the chance of a false alarm, and the outcome a CI log is read for.
 */
export function renderGate(gate: Gate): string {
  const t = gateText(gate);
  const width = Math.max(...t.lines.map((l) => l.word.length));
  return [`${t.heading}:`, ...t.lines.map((l) => `  ${l.word.padEnd(width)}  ${l.text}`), ...(t.chance ? [`  ${t.chance}`] : [])].map(printableLine).concat(t.outcome).join('\n');
}

/** The gate first in Markdown, as a pull request's reader wants it. */
export function gateMarkdown(gate: Gate): string {
  const t = gateText(gate);
  return [`**${t.outcome}** · ${markdownCell(t.heading)}`, '', ...t.lines.map((l) => `- **${l.word}** ${markdownCell(l.text)}`), ...(t.chance ? ['', markdownCell(t.chance)] : [])].join('\n');
}
