// The scenario catalog, as `gmpstress -list -json` prints it, cached per binary (whose file name
// carries its source hash), and the checks of a scenario target against it.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Catalog, type CatalogScenario } from '../../../shared/results';
import { paramProblem, unknownParamProblem } from '../../../shared/scenario-params';
import { closestNames } from '../../../shared/closest-names';
import { UserError } from '../errors';
import { TARGET_PATH } from './types';

const execFileAsync = promisify(execFile);

export class CatalogCache {
  private readonly loaded = new Map<string, Promise<Catalog>>();

  /** The catalog of a harness binary; read from `<binary>.catalog.json` when an earlier process listed it. */
  get(binary: string): Promise<Catalog> {
    let catalog = this.loaded.get(binary);
    if (!catalog) {
      catalog = this.load(binary);
      catalog.catch(() => this.loaded.delete(binary));
      this.loaded.set(binary, catalog);
    }
    return catalog;
  }

  private async load(binary: string): Promise<Catalog> {
    const cacheFile = `${binary}.catalog.json`;
    try {
      return Catalog.parse(JSON.parse(await readFile(cacheFile, 'utf8')));
    } catch {
      // No cache yet (or an unreadable one): ask the binary.
    }
    const { stdout } = await execFileAsync(binary, ['-list', '-json'], { timeout: 30_000, maxBuffer: 16 << 20 });
    const catalog = Catalog.parse(JSON.parse(stdout));
    await writeFile(cacheFile, JSON.stringify(catalog)).catch(() => undefined);
    return catalog;
  }
}

/** The id a misspelling most likely meant: the closest within a third of its length (2 edits at least), if one is. */
function nearest(id: string, ids: readonly string[]): string | null {
  return closestNames(id, ids, Math.max(2, Math.floor(id.length / 3)))[0] ?? null;
}

/** The scenario; throws a UserError naming the field when it or one of its params is not in the catalog. */
export function checkScenario(catalog: Catalog, id: string, params: Record<string, string>): CatalogScenario {
  const scenario = catalog.scenarios.find((s) => s.id === id);
  if (!scenario) {
    const ids = catalog.scenarios.map((s) => s.id);
    const near = nearest(id, ids);
    throw new UserError(near ? `unknown scenario "${id}"; did you mean "${near}"?` : `unknown scenario "${id}" (known: ${ids.join(', ')})`, `${TARGET_PATH}.id`);
  }
  for (const [name, value] of Object.entries(params)) {
    const def = scenario.params.find((p) => p.name === name);
    const problem = def ? paramProblem(def, value) : unknownParamProblem(scenario.params);
    if (problem) throw new UserError(problem, `${TARGET_PATH}.params.${name}`);
  }
  return scenario;
}
