// The scenario catalog, as `gmpstress -list -json` prints it, cached per binary (whose file name
// carries its source hash), and the checks of a scenario target against it.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Catalog, type CatalogParam } from '../../../shared/results';
import { goDurationSeconds } from '../../../shared/go-duration';
import { UserError } from '../errors';

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

function paramProblem(def: CatalogParam, value: string): string | null {
  const bounded = (n: number, parse: (s: string) => number): string | null => {
    if (def.min !== undefined && n < parse(def.min)) return `must be at least ${def.min}`;
    if (def.max !== undefined && n > parse(def.max)) return `must be at most ${def.max}`;
    return null;
  };
  switch (def.type) {
    case 'int':
      return /^-?\d+$/.test(value) ? bounded(Number(value), Number) : 'must be an integer';
    case 'float':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? bounded(Number(value), Number) : 'must be a number';
    case 'duration':
      try {
        return bounded(goDurationSeconds(value), goDurationSeconds);
      } catch {
        return 'must be a Go duration such as 10ms or 2s';
      }
    case 'bool':
      return /^(true|false|1|0)$/.test(value) ? null : 'must be true or false';
    case 'enum':
      return def.choices?.includes(value) ? null : `must be one of ${(def.choices ?? []).join(', ')}`;
    case 'string':
      return null;
  }
}

/** Throws a UserError naming the field when the scenario or one of its params is not in the catalog. */
export function checkScenario(catalog: Catalog, id: string, params: Record<string, string>): void {
  const scenario = catalog.scenarios.find((s) => s.id === id);
  if (!scenario) {
    const known = catalog.scenarios.map((s) => s.id).join(', ');
    throw new UserError(`target.id: unknown scenario "${id}" (known: ${known})`, 'target.id');
  }
  for (const [name, value] of Object.entries(params)) {
    const def = scenario.params.find((p) => p.name === name);
    const field = `target.params.${name}`;
    if (!def) {
      const known = scenario.params.map((p) => p.name).join(', ') || 'none';
      throw new UserError(`${field}: scenario ${id} has no parameter "${name}" (it has: ${known})`, field);
    }
    const problem = paramProblem(def, value);
    if (problem) throw new UserError(`${field}: ${JSON.stringify(value)} ${problem}`, field);
  }
}
