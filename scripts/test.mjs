#!/usr/bin/env node
// `npm test`: every suite of the project in one command, ending in one summary line.
//
//   layers     import rules, docs/ARCHITECTURE.md §1 (scripts/lint-layers.mjs)
//   types      tsc on the Node, web and test projects (npm run typecheck)
//   go         go vet + go test in both Go modules, and a short fuzz of gmptrace
//   unit       vitest: core against real Go runs, a real SQLite file and a real pty
//   e2e        Playwright in headless Chromium against browser mode (gmpw serve)
//
// `npm test -- go unit` runs only the named stages. Each runner writes a machine-readable report
// that is summed into the last line, "tests: N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.cache', 'test');
mkdirSync(reports, { recursive: true });

const goModules = ['resources/go', 'resources/go/cmd/gmptrace'];
// A count, not a duration: with a duration, Go 1.26's fuzz coordinator can fail a target with
// "context deadline exceeded" as the time runs out, no input at fault (golang/go#75804, fixed in
// Go 1.27). 30,000 inputs took 2.6 s (FuzzAnalyze) and 4.0 s (FuzzIndex) here; 50,000 took 4.6 s
// and 17.4 s: new inputs to minimise vary the time.
const fuzzTime = process.env.GMPW_FUZZTIME ?? '30000x';

/** Runs a command with inherited output; resolves to its exit code. */
function run(cmd, args, opts = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    child.on('error', (err) => {
      console.error(`${cmd}: ${err.message}`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/**
 * For each package of a module without test files, the packages with tests that import it (directly
 * or not): its code runs in their tests, which is why it has none of its own. From `go list`.
 */
function testedImporters(mod) {
  return new Promise((done) => {
    const child = spawn('go', ['list', '-f', '{{.ImportPath}}|{{if or .TestGoFiles .XTestGoFiles}}tested{{end}}|{{join .Deps ","}}', './...'], { cwd: join(root, mod), stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('error', () => done(new Map()));
    child.on('exit', () => {
      const pkgs = text.trim().split('\n').filter(Boolean).map((line) => {
        const [path, tested, deps] = line.split('|');
        return { path, tested: tested === 'tested', deps: new Set(deps ? deps.split(',') : []) };
      });
      done(new Map(pkgs.filter((p) => !p.tested).map((p) => [p.path, pkgs.filter((q) => q.tested && q.deps.has(p.path)).map((q) => q.path)])));
    });
  });
}

/** The repository's Go import paths begin with this; notes name packages by the rest. */
const GO_PREFIX = 'github.com/gmp-workbench/gmp-workbench/resources/go/';

/** "(no test files: its code runs in the tests of cmd/gmptrace, which imports it)". */
function noTestsNote(importers) {
  if (!importers?.length) return '(no test files, and no package with tests imports it)';
  const names = importers.map((p) => p.replace(GO_PREFIX, ''));
  return `(no test files: its code runs in the tests of ${names.join(', ')}, which import${names.length === 1 ? 's' : ''} it)`;
}

/**
 * A failure's first lines, for the summary at the end: CI may keep only the end of a long log, and
 * a failure named there is one that can be looked into.
 */
function headOf(message, lines = 3) {
  return message
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !(l.startsWith('at ') && (!l.includes(root) || l.includes('node_modules')))) // frames outside the project's code
    .slice(0, lines)
    .map((l) => (l.length > 300 ? `${l.slice(0, 299)}…` : l));
}

/**
 * A failed Go test's own messages ("x_test.go:12: want 3, got 2"), a panic's first, without go
 * test's RUN/FAIL lines; its first lines of output when it wrote no such message.
 */
function goFailureLines(output) {
  const lines = output.split('\n');
  const panic = lines.findIndex((l) => /^(panic|fatal error): /.test(l));
  const messages = panic >= 0 ? lines.slice(panic) : lines.filter((l) => /\.go:\d+:/.test(l));
  return headOf((messages.length > 0 ? messages : lines.filter((l) => !/^(=== |--- FAIL)/.test(l.trim()))).join('\n'));
}

/** Runs `go test -json`, printing package lines and failed tests' output; counts test results. */
function goTestJson(cwd, args, importers = new Map()) {
  return new Promise((done) => {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures = [];
    const output = new Map();
    // Compiler errors (Go 1.24+ sends them as build-output events of the package being built).
    const buildOutput = new Map();
    const child = spawn('go', ['test', '-json', ...args], { cwd: join(root, cwd), stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    const onLine = (line) => {
      let ev;
      try {
        ev = JSON.parse(line);
      } catch {
        if (line.trim()) console.log(line); // build errors are printed as plain text
        return;
      }
      if (ev.Action === 'build-output') {
        process.stdout.write(ev.Output ?? '');
        buildOutput.set(ev.ImportPath, (buildOutput.get(ev.ImportPath) ?? '') + (ev.Output ?? ''));
        return;
      }
      const key = `${ev.Package} ${ev.Test ?? ''}`;
      if (ev.Action === 'output') output.set(key, (output.get(key) ?? '') + ev.Output);
      if (!ev.Test) {
        if (ev.Action === 'pass' || ev.Action === 'fail' || ev.Action === 'skip') {
          // A package "skip" is go test's "[no test files]": no test was skipped, so it is not written
          // as one, but with the packages whose tests run its code.
          const noTests = ev.Action === 'skip' && (output.get(key) ?? '').includes('[no test files]');
          const line = noTests ? `--    ${ev.Package}  ${noTestsNote(importers.get(ev.Package))}` : `${ev.Action === 'pass' ? 'ok  ' : ev.Action === 'skip' ? 'skip' : 'FAIL'}  ${ev.Package}  ${ev.Elapsed ?? ''}s`;
          console.log(line);
          if (ev.Action === 'fail') {
            process.stdout.write(output.get(key) ?? '');
            // A package that failed with no test failed (a build error, TestMain, a panic between tests) is listed itself.
            const pkg = ev.Package.replace(GO_PREFIX, '');
            if (!failures.some((f) => f.name.startsWith(`${pkg} `))) failures.push({ name: pkg, message: headOf(buildOutput.get(ev.FailedBuild) ?? output.get(key) ?? '') });
          }
        }
        return;
      }
      if (ev.Action === 'pass') counts.passed++;
      if (ev.Action === 'skip') {
        counts.skipped++;
        // The skip's own message is the test's last line of output (t.Skip ends it); earlier ones are its logs.
        const reason = (output.get(key) ?? '').split('\n').filter((l) => l.includes('.go:')).at(-1)?.trim();
        console.log(`  skip ${ev.Test}${reason ? `: ${reason}` : ''}`);
      }
      if (ev.Action === 'fail') {
        counts.failed++;
        console.log(`--- FAIL ${ev.Package} ${ev.Test}`);
        process.stdout.write(output.get(key) ?? '');
        failures.push({ name: `${ev.Package.replace(GO_PREFIX, '')} ${ev.Test}`, message: goFailureLines(output.get(key) ?? '') });
      }
    };
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
    child.on('error', (err) => {
      console.error(`go: ${err.message}`);
      done({ code: 127, counts, failures });
    });
    child.on('exit', (code) => {
      if (buffered) onLine(buffered);
      done({ code: code ?? 1, counts, failures });
    });
  });
}

/** Fuzz targets per package of a module, from `go test -list '^Fuzz'`. */
function listFuzzTargets(mod) {
  return new Promise((done) => {
    if (!existsSync(join(root, mod, 'go.mod'))) return done([]);
    const child = spawn('go', ['test', '-list', '^Fuzz', './...'], { cwd: join(root, mod), stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('error', () => done([]));
    child.on('exit', () => {
      const targets = [];
      let pending = [];
      for (const line of text.split('\n')) {
        if (/^Fuzz\w*$/.test(line.trim())) pending.push(line.trim());
        const ok = /^ok\s+(\S+)/.exec(line);
        if (ok) {
          targets.push(...pending.map((name) => ({ pkg: ok[1], name })));
          pending = [];
        }
      }
      done(targets);
    });
  });
}

const zero = () => ({ passed: 0, failed: 0, skipped: 0 });

/** A stage that failed as a whole, not by a test of its own: `name` says what failed. */
function stageFailure(code, name) {
  return { code: code || 1, counts: { passed: 0, failed: 1, skipped: 0 }, failures: [{ name, message: [] }] };
}

/** A runner's JSON report; null when there is none or it is not JSON (the runner died writing it). */
function readReport(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Two runs of one stage as one: the first failing exit code, counts summed, failures in order. */
function both(first, second) {
  const counts = zero();
  for (const k of Object.keys(counts)) counts[k] = first.counts[k] + second.counts[k];
  return { code: first.code || second.code, counts, failures: [...first.failures, ...second.failures] };
}

/** One Playwright run with its JSON report in `file`. */
async function playwright(file, args) {
  const out = join(reports, file);
  rmSync(out, { force: true }); // a runner that dies before writing its report leaves no older one to be read as this run's
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json', ...args], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  const report = readReport(out);
  if (!report?.stats) return stageFailure(code, `playwright wrote no readable report (${file})`);
  const s = report.stats;
  // Errors outside any test (a spec that fails to load) fail the run with no test failed.
  const loadErrors = (report.errors ?? []).map((e) => ({ name: `${e.location?.file ? relative(root, e.location.file) : file}: outside any test`, message: headOf(e.message ?? '') }));
  return { code, counts: { passed: s.expected + s.flaky, failed: s.unexpected + loadErrors.length, skipped: s.skipped }, failures: [...playwrightFailures(report.suites ?? []), ...loadErrors] };
}

/** The specs of a Playwright JSON report whose outcome was unexpected, with their last error. */
function playwrightFailures(suites) {
  return suites.flatMap((suite) => [
    ...playwrightFailures(suite.suites ?? []),
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests
        .filter((t) => t.status === 'unexpected')
        .map((t) => ({ name: `${spec.file}:${spec.line} > ${spec.title}`, message: headOf(t.results.at(-1)?.error?.message ?? '') })),
    ),
  ]);
}

/**
 * Test files run after the others, one at a time. launch.test.ts times what a loaded machine
 * stretches (a stalled SSH link seen within seconds, a new connection answered within 7 s): beside
 * another file's Go builds and trace analyses on 2 cores it missed its bounds (37 s for 25 s).
 */
const ALONE_FILES = [
  'src/main/core/remote/launch.test.ts',
  // It sets the CPU weight of the folder that holds every run's group (test/support/cgroup-weight.ts):
  // beside it, another file's endpoint run got the heaviest weight and starved the test process
  // fetching its profiles, which then missed the run's deadline.
  'src/main/cli/cgroups.test.ts',
];

/**
 * End-to-end specs that set that weight too (the lightest while a run is watched live, the heaviest
 * for a CPU limit that must bind): one at a time after the others, so no other spec's run starts
 * under it and no two of them restore each other's value.
 */
const ALONE_SPECS = ['flow.spec.ts', 'throttling.spec.ts'];

/** One vitest run with its JSON report in `file`; a file that fails outside any test counts as a failure. */
async function vitest(file, args) {
  const out = join(reports, file);
  rmSync(out, { force: true });
  const code = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args]);
  const r = readReport(out);
  if (!r?.testResults) return stageFailure(code, `vitest wrote no readable report (${file})`);
  const failures = r.testResults.flatMap((f) => {
    const failedTests = f.assertionResults.filter((a) => a.status === 'failed');
    const where = relative(root, f.name);
    if (f.status === 'failed' && failedTests.length === 0) return [{ name: where, message: headOf(f.message ?? '') }];
    return failedTests.map((a) => ({ name: `${where} > ${a.fullName}`, message: headOf(a.failureMessages.join('\n')) }));
  });
  // A file that fails outside any test (an import error, a throwing afterAll) fails no test: count it.
  const fileFailures = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  return { code, counts: { passed: r.numPassedTests, failed: r.numFailedTests + fileFailures, skipped: r.numPendingTests + (r.numTodoTests ?? 0) }, failures };
}

/** A stage that is one check: it passes or fails as a whole. */
function checked(code, name) {
  return code === 0 ? { code, counts: { passed: 1, failed: 0, skipped: 0 }, failures: [] } : stageFailure(code, name);
}

const stages = {
  async layers() {
    const code = await run('node', ['scripts/lint-layers.mjs']);
    return checked(code, 'the layer lint');
  },
  async types() {
    const code = await run('npm', ['run', '--silent', 'typecheck']);
    return checked(code, 'the typecheck');
  },
  async go() {
    const total = zero();
    const failures = [];
    let code = 0;
    for (const mod of goModules) {
      if (!existsSync(join(root, mod, 'go.mod'))) continue;
      code ||= await run('go', ['vet', './...'], { cwd: join(root, mod) });
      const r = await goTestJson(mod, ['-count=1', '-timeout=10m', './...'], await testedImporters(mod));
      code ||= r.code;
      for (const k of Object.keys(total)) total[k] += r.counts[k];
      failures.push(...r.failures);
    }
    // The analyser must never panic on hostile input: each fuzz target gets a short coverage-guided
    // run on top of its committed seed corpus (which `go test` above already replays).
    for (const { pkg, name } of await listFuzzTargets('resources/go/cmd/gmptrace')) {
      const r = await goTestJson('resources/go/cmd/gmptrace', ['-run=^$', `-fuzz=^${name}$`, `-fuzztime=${fuzzTime}`, pkg]);
      code ||= r.code;
      total[r.code === 0 ? 'passed' : 'failed']++;
      if (r.code !== 0) failures.push(...(r.failures.length > 0 ? r.failures : [{ name: `fuzz ${name}`, message: [] }]));
    }
    return { code, counts: total, failures };
  },
  async unit() {
    // The rest two files at a time, then ALONE_FILES one at a time.
    const rest = await vitest('vitest.json', ALONE_FILES.flatMap((f) => ['--exclude', f]));
    const alone = await vitest('vitest-alone.json', ['--maxWorkers=1', ...ALONE_FILES]);
    return both(rest, alone);
  },
  async e2e() {
    const built = await run('npm', ['run', 'build']);
    if (built !== 0) return stageFailure(built, 'npm run build');
    // --grep matches "project file-path describe title" together: this selects by file name.
    const specs = `(^|[ /])(${ALONE_SPECS.map((f) => f.replaceAll('.', '\\.')).join('|')}) `;
    const rest = await playwright('playwright.json', ['--grep-invert', specs]);
    // Its own output folder: each Playwright run empties it first, traces of failures included.
    const alone = await playwright('playwright-alone.json', ['--grep', specs, '--workers=1', '--output=artifacts/test-results-alone']);
    return both(rest, alone);
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((s) => !(s in stages));
if (unknown.length > 0) {
  console.error(`test: unknown stage ${unknown.join(', ')} (stages: ${Object.keys(stages).join(', ')})`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : Object.keys(stages);
const total = zero();
const failedStages = [];
const failedTests = [];
for (const name of names) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const { code, counts, failures } = await stages[name]();
  for (const k of Object.keys(total)) total[k] += counts[k];
  failedTests.push(...failures.map((f) => ({ stage: name, ...f })));
  if (code !== 0) failedStages.push(name);
  console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)}s — ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
if (failedStages.length > 0) console.log(`\nfailed stages: ${failedStages.join(', ')}`);
if (failedTests.length > 0) {
  console.log('\nfailed tests (their whole output is above):');
  for (const f of failedTests) console.log([`  ${f.stage}  ${f.name}`, ...f.message.map((l) => `        ${l}`)].join('\n'));
}
// A stage that failed without a failing test (a build error, a crash) still counts as a failure.
const failed = Math.max(total.failed, failedStages.length);
console.log(`\ntests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(failedStages.length > 0 ? 1 : 0);
