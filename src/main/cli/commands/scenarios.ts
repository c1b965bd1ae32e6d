// `gmpw scenarios`: the bundled catalog, so ids, groups and parameters are found without the app.
import type { Catalog, CatalogParam } from '../../../shared/results';
import { COMMON_HELP, parseCommand } from '../args';
import { call, printJson } from '../call';
import { EXIT_OK, type CliCommand, type CliContext } from '../types';

const HELP = `usage: gmpw scenarios [--json]

Lists the built-in scenarios by group: id, title, the GOMAXPROCS a scenario suggests (gmpw run uses
it when --gomaxprocs is not given), and each parameter with its default and range, as
gmpw run --scenario ID --param NAME=VALUE takes them. --json prints the catalog itself
(resources/go/PROTOCOL.md §4).

${COMMON_HELP}`;

/** "hogs=2 (int 1..64)", "mode=a (enum a|b)". */
function paramText(p: CatalogParam): string {
  const range = p.choices ? p.choices.join('|') : p.min !== undefined || p.max !== undefined ? `${p.min ?? ''}..${p.max ?? ''}` : '';
  return `${p.name}=${p.default} (${p.type}${range ? ` ${range}` : ''})`;
}

export function renderCatalog(catalog: Catalog): string {
  const groups = [...new Set(catalog.scenarios.map((s) => s.group))];
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(`${group}`);
    for (const s of catalog.scenarios.filter((x) => x.group === group)) {
      const suggestion = s.suggested_gomaxprocs === undefined ? '' : `  [suggests GOMAXPROCS ${s.suggested_gomaxprocs}]`;
      const concurrency = s.ignores_concurrency ? '  [ignores concurrency]' : '';
      const bare = s.bare_child ? '  [no captures: its child runs without the harness]' : '';
      lines.push(`  ${s.id}  ${s.title}${suggestion}${concurrency}${bare}`);
      if (s.params.length) lines.push(`      ${s.params.map(paramText).join('  ')}`);
    }
  }
  return lines.join('\n');
}

async function scenariosCommand(argv: string[], ctx: CliContext): Promise<number> {
  parseCommand('scenarios', argv, {});
  const catalog = await call(ctx, 'catalog.list', {});
  if (ctx.json) printJson(ctx, catalog);
  else ctx.stdout.write(`${renderCatalog(catalog)}\n`);
  return EXIT_OK;
}

export const scenarios: CliCommand = { name: 'scenarios', summary: 'list the built-in scenarios, their groups and parameters', help: HELP, options: {}, run: scenariosCommand };
