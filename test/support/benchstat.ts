// The real benchstat (golang.org/x/perf/cmd/benchstat), installed once per test file into a
// temporary GOBIN. It is the reference our statistics are checked against, so a machine that cannot
// install it fails the test with the reason instead of quietly skipping the comparison.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Benchstat {
  /** Runs benchstat on the given files' contents (each written to <name>.txt); returns stdout, throws with stderr. */
  run: (files: Record<string, string>, args?: string[]) => string;
  cleanup: () => void;
}

export function installBenchstat(): Benchstat {
  const dir = mkdtempSync(join(tmpdir(), 'gmpw-benchstat-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const bin = join(dir, 'bin');
  try {
    execFileSync('go', ['install', 'golang.org/x/perf/cmd/benchstat@latest'], {
      env: { ...process.env, GOBIN: bin, GOFLAGS: '-mod=mod' },
      cwd: dir,
      stdio: 'pipe',
      timeout: 150_000,
    });
  } catch (err) {
    cleanup();
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(
      `Could not install benchstat with "go install golang.org/x/perf/cmd/benchstat@latest" (needs Go and the module proxy): ${e.stderr?.toString() || e.message}`,
    );
  }
  return {
    run(files, args = []) {
      const paths = Object.entries(files).map(([name, text]) => {
        const path = join(dir, `${name}.txt`);
        writeFileSync(path, text);
        return path;
      });
      try {
        return execFileSync(join(bin, 'benchstat'), [...args, ...paths], { cwd: dir, stdio: 'pipe' }).toString();
      } catch (err) {
        const e = err as { stderr?: Buffer; message: string };
        throw new Error(`benchstat failed: ${e.stderr?.toString() || e.message}`);
      }
    },
    cleanup,
  };
}

/** The rows of benchstat -format csv for one unit's table, keyed by benchmark name (geomean left out). */
export function benchstatCsvRows(csv: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of csv.split('\n')) {
    const cells = line.split(',');
    if (cells.length < 3 || cells[0] === '' || cells[0] === 'geomean' || line.includes(': ')) continue;
    rows.set(cells[0], cells);
  }
  return rows;
}
