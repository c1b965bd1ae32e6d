// Configure a run or a grid of runs (an experiment) and start it.
import { useEffect, useMemo, useState } from 'react';
import type { CommandError } from '../../../shared/contract';
import { type CaptureKind } from '../../../shared/domain';
import { hasFlightRecorder, TARGET_CAPTURES } from '../../../shared/run-rules';
import { asCommandError, useApi, useCommand } from '../api/context';
import { ErrorBanner, Loading, Section } from '../components/feedback';
import { Field } from '../components/Field';
import { PathInput } from '../components/PathInput';
import { navigate } from '../routing';
import { formatDuration } from '../format';
import { autoConcurrency, autoRepeat, buildPlan, pendingFields, confirmationFor, errorAt, flightRecorderOn, formFromConfig, GODEBUG_PRESETS, hasGodebug, INITIAL_FORM, pickScenario, toggleGodebug, type RunForm, type TargetKind } from './new-run-model';
import { HostPicker } from './HostPicker';
import { ParamsForm } from './ParamsForm';
import { ScenarioPicker } from './ScenarioPicker';
import { CodeSpans } from '../components/CodeSpans';
import { Segmented } from '../components/Segmented';

const CAPTURE_HELP: Record<CaptureKind, string> = {
  cpu: 'CPU profile',
  heap: 'heap in use at the end',
  allocs: 'allocations',
  mutex: 'mutex contention',
  block: 'blocking on channels and sync',
  goroutine: 'goroutine stacks at the end',
  goroutineleak: 'goroutines blocked for good at the end (Go 1.26+: built with GOEXPERIMENT=goroutineleakprofile)',
  trace: 'execution trace: exact scheduler latency, timelines, trace-derived profiles',
  flight: 'flight recorder window on success too (it is always written when a run fails or is stopped)',
};

/** Fields that show their own errors (paths in runs.start's input); a server error about any other goes to the banner. */
const INLINE_FIELDS = ['plan.target.id', 'plan.target.pkg', 'plan.target.bench', 'plan.target.benchtime', 'plan.target.path', 'plan.target.args', 'plan.target.params', 'plan.concurrency', 'plan.gomaxprocs', 'plan.goVersion', 'plan.cpuLimit', 'plan.duration', 'plan.warmup', 'plan.repeat', 'plan.env', 'plan.label', 'plan.tags', 'plan.capture', 'plan.flightRecorder', 'plan.hosts'];

type TextKey = 'benchRegex' | 'benchtime' | 'programArgs' | 'concurrency' | 'gomaxprocs' | 'goVersion' | 'cpuLimit' | 'duration' | 'warmup' | 'godebug' | 'label' | 'tags' | 'flightRecorder';

/** `from`: a run whose configuration pre-fills the form ("run again with changes"). */
export function NewRunPage({ from }: { from?: string }) {
  const api = useApi();
  const catalog = useCommand('catalog.list', {});
  const capabilities = useCommand('runner.capabilities', {});
  const cpuLimitReason = capabilities.data?.cpuLimitReason ?? null;
  const source = useCommand('runs.get', from ? { id: from } : null);
  const [form, setForm] = useState<RunForm>(INITIAL_FORM);
  useEffect(() => {
    if (source.data) setForm(formFromConfig(source.data.config));
  }, [source.data]);
  // This machine's CPU count: what an empty concurrency runs at here (a host runs at its own).
  const localCpus = capabilities.data?.defaultConcurrency ?? null;
  const [touched, setTouched] = useState(false);
  // The fields the user has typed in and left: their own errors show from then on.
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const leave = (name: string) => setLeft((l) => (l.has(name) ? l : new Set(l).add(name)));
  const [submitError, setSubmitError] = useState<CommandError | null>(null);
  const [starting, setStarting] = useState(false);

  const scenarios = catalog.data?.scenarios ?? [];
  const scenario = scenarios.find((s) => s.id === form.scenarioId);
  // A scenario whose load is fixed takes one concurrency or none (the catalog's ignores_concurrency).
  const fixedLoad = form.targetKind === 'scenario' && scenario?.ignores_concurrency === true;
  const built = useMemo(
    () => buildPlan(form, form.targetKind === 'scenario' ? scenario?.params ?? [] : [], localCpus, { ignoresConcurrency: fixedLoad, bareChild: form.targetKind === 'scenario' && scenario?.bare_child === true }),
    [form, scenario, localCpus, fixedLoad],
  );
  // The core names the field it refused by the same path the form's fields carry.
  const serverErrors = submitError?.field ? { [submitError.field]: submitError.message } : {};
  // A field's own error shows once the user has left it or tried to submit (not while it is half
  // typed); fields chosen that cannot go together show at once; a server error names its field.
  const errorOf = (name: string) => errorAt(serverErrors, name) ?? (touched || left.has(name) ? errorAt(built.errors, name) : errorAt(built.conflicts, name));
  const shownInline = INLINE_FIELDS.some((name) => errorAt(serverErrors, name) !== undefined);
  const set = (patch: Partial<RunForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSubmitError(null);
  };

  /** A plain text field bound to one form key; `name` is the plan field its errors are reported under. */
  const textField = (key: TextKey, name: string, label: string, hint?: string, disabled = false, placeholder?: string) => (
    <Field name={name} label={label} error={errorOf(name)} hint={hint}>
      <input type="text" value={form[key]} disabled={disabled} placeholder={placeholder} onChange={(e) => set({ [key]: e.target.value })} onBlur={() => leave(name)} />
    </Field>
  );

  const start = async () => {
    setTouched(true);
    if (!built.plan) return;
    const question = confirmationFor(built);
    if (question && !window.confirm(question)) return;
    setStarting(true);
    try {
      const { runIds } = await api.invoke('runs.start', { plan: built.plan });
      navigate({ page: 'live', runIds });
    } catch (e) {
      setSubmitError(asCommandError(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <form
      className="new-run-page"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <header className="page-header">
        <h1>New run</h1>
        {from && <span className="muted">starting from the configuration of run <code>{from}</code></span>}
      </header>
      <ErrorBanner error={source.error} />
      <ErrorBanner error={submitError && !shownInline ? submitError : null} />
      <Section title="Target">
        <Segmented<TargetKind>
          label="Target kind"
          options={[
            ['scenario', 'Built-in scenario'],
            ['bench', 'Go benchmark'],
            ['program', 'Your program'],
          ]}
          value={form.targetKind}
          onChange={(targetKind) => set({ targetKind })}
        />
        {form.targetKind === 'scenario' && (
          <>
            <ErrorBanner error={catalog.error} onRetry={catalog.reload} />
            {catalog.loading && !catalog.data ? (
              <Loading what="scenario catalog" />
            ) : (
              <div className="scenario-layout">
                <Field name="plan.target.id" label="Scenario" error={errorOf('plan.target.id')}>
                  <ScenarioPicker scenarios={scenarios} selected={form.scenarioId} onSelect={(id) => setForm((f) => pickScenario(f, scenarios, id))} />
                </Field>
                <div>
                  {scenario ? (
                    <>
                      <h3>{scenario.title}</h3>
                      <p>
                        <CodeSpans text={scenario.mechanism} />
                      </p>
                      {scenario.signals.length > 0 && <p className="muted">Watch: {scenario.signals.join(', ')}</p>}
                      <ParamsForm params={scenario.params} values={form.params} errors={Object.fromEntries(scenario.params.map((p) => [`plan.target.params.${p.name}`, errorOf(`plan.target.params.${p.name}`) ?? ''] as const).filter(([, v]) => v))} onChange={(name, value) => set({ params: { ...form.params, [name]: value } })} />
                    </>
                  ) : (
                    <p className="muted">Pick a scenario on the left to see what it stresses and its parameters.</p>
                  )}
                </div>
              </div>
            )}
          </>
        )}
        {form.targetKind === 'bench' && (
          <div className="form-grid">
            <Field
              name="plan.target.pkg"
              label="Package"
              error={errorOf('plan.target.pkg')}
              hint="as go test takes it: a directory, an import path (runtime, example.com/m/pkg) or a pattern (/path/to/module/...); one test binary per package, built once with go test -c"
            >
              <PathInput kind="directory" title="Go package with benchmarks" value={form.benchPkg} placeholder="/path/to/module/pkg, runtime or /path/to/module/..." onChange={(v) => set({ benchPkg: v })} />
            </Field>
            {textField('benchRegex', 'plan.target.bench', 'Benchmark regexp', '-test.bench')}
            {textField('benchtime', 'plan.target.benchtime', 'Bench time', '-test.benchtime, e.g. 1s or 1000x; empty: the duration below')}
          </div>
        )}
        {form.targetKind === 'program' && (
          <div className="form-grid">
            <Field name="plan.target.path" label="Program" error={errorOf('plan.target.path')} hint="a Go main package directory or a binary that calls stress.Main">
              <PathInput kind="file" title="Go program or binary" value={form.programPath} placeholder="/path/to/cmd/myload or ./mybinary" onChange={(v) => set({ programPath: v })} />
            </Field>
            {textField('programArgs', 'plan.target.args', 'Extra arguments', 'separated by spaces')}
          </div>
        )}
      </Section>

      <Section title="Load and grid">
        <div className="form-grid">
          {textField(
            'concurrency',
            'plan.concurrency',
            'Concurrency',
            fixedLoad
              ? `${form.scenarioId} ignores it (its load is fixed): one value or none`
              : `workers; a list such as 10,100,1000 makes a grid; empty: each machine's CPU count${localCpus === null ? '' : ` (${localCpus} here)`}`,
            false,
            fixedLoad ? 'not used' : `auto: ${autoConcurrency(form.hosts, localCpus)}`,
          )}
          {textField('gomaxprocs', 'plan.gomaxprocs', 'GOMAXPROCS', scenario?.suggested_gomaxprocs === undefined || form.targetKind !== 'scenario' ? '"default", a number, or a list such as 1,2,4' : `${scenario.id} suggests ${scenario.suggested_gomaxprocs}; "default", a number, or a list such as 1,2,4`)}
          {textField('goVersion', 'plan.goVersion', 'Go releases', '"local" (the workbench\'s Go), or a list such as local,1.22.12,1.24.x; fetched through the Go module proxy')}
          {textField('cpuLimit', 'plan.cpuLimit', 'CPU limit (cores)', cpuLimitReason ? `unavailable: ${cpuLimitReason}` : 'the run\'s own cgroup; "max" for none, or a list such as 0.5,1,max', cpuLimitReason !== null)}
          {textField('duration', 'plan.duration', 'Duration', 'measured window, 10ms..24h')}
          {textField('warmup', 'plan.warmup', 'Warm-up', 'not measured')}
          <Field name="plan.repeat" label="Repetitions" error={errorOf('plan.repeat')} hint={`empty: 1, or ${autoRepeat(2)} per cell for a grid (a verdict)`}>
            <input type="number" min={1} max={100} value={form.repeat} placeholder={`auto: ${built.repeat}`} onChange={(e) => set({ repeat: e.target.value })} onBlur={() => leave('plan.repeat')} />
          </Field>
        </div>
        <HostPicker selected={form.hosts} onChange={(hosts) => set({ hosts })} error={errorOf('plan.hosts')} />
        <GridPreview runs={built.runs} seconds={built.seconds} grid={built.grid} pending={built.plan === null ? pendingFields(built.errors) : null} />
        {/* Advice on repetitions counted from fields that do not parse would contradict the preview. */}
        {built.advice && built.plan !== null && (
          <p className={built.advice.enough ? 'muted' : 'banner banner-warning'} data-testid="repetition-advice">
            {built.advice.text}
          </p>
        )}
      </Section>

      <Section title="Environment and capture">
        <div className="form-grid">
          {textField('godebug', 'godebug', 'GODEBUG', 'e.g. asyncpreemptoff=1')}
          <Field name="plan.env" label="Environment" error={errorOf('plan.env')} hint="NAME=value, one per line (GOGC=50 …)">
            <textarea rows={3} value={form.env} onChange={(e) => set({ env: e.target.value })} onBlur={() => leave('plan.env')} />
          </Field>
          {textField('label', 'plan.label', 'Label')}
          {textField('tags', 'plan.tags', 'Tags', 'comma-separated')}
        </div>
        <fieldset className="captures" data-field="godebug-presets">
          <legend>GODEBUG presets</legend>
          {GODEBUG_PRESETS.map(({ setting, explain }) => (
            <label key={setting} className="check">
              <input type="checkbox" checked={hasGodebug(form.godebug, setting)} onChange={(e) => set({ godebug: toggleGodebug(form.godebug, setting, e.target.checked) })} />
              <strong>{setting}</strong> <span className="muted">{explain}</span>
            </label>
          ))}
        </fieldset>
        {hasFlightRecorder(form.targetKind) && (
          <div className="form-grid">
            {textField('flightRecorder', 'plan.flightRecorder', 'Flight recorder (last N)', 'keep the last N of execution trace (Go 1.25+), e.g. 10s; written as flight.trace when a run fails or is stopped; empty: off')}
          </div>
        )}
        <fieldset className="captures" data-field="plan.capture">
          <legend>Capture</legend>
          {TARGET_CAPTURES[form.targetKind].map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" disabled={kind === 'flight' && !flightRecorderOn(form)} checked={form.capture.includes(kind) && !(kind === 'flight' && !flightRecorderOn(form))} onChange={(e) => set({ capture: e.target.checked ? [...form.capture, kind] : form.capture.filter((k) => k !== kind) })} />
              <strong>{kind}</strong> <span className="muted">{CAPTURE_HELP[kind]}</span>
            </label>
          ))}
          {errorOf('plan.capture') && <span className="field-error">{errorOf('plan.capture')}</span>}
        </fieldset>
      </Section>

      <div className="form-actions">
        <button type="submit" className="primary" disabled={starting || (touched && !built.plan)}>
          {starting ? 'Starting…' : built.plan === null ? 'Start' : built.runs > 1 ? `Start ${built.runs} runs` : 'Start run'}
        </button>
        {touched && !built.plan && <span className="field-error">Fix the fields marked above.</span>}
      </div>
    </form>
  );
}

function GridPreview({ runs, seconds, grid, pending }: { runs: number; seconds: number; grid: string; pending: string | null }) {
  // Counted from fields that do not parse, the grid and its time would be made-up numbers.
  if (pending !== null) {
    return (
      <p className="grid-preview muted" data-testid="grid-preview">
        The runs and their time are counted once every field is valid (to fill in or fix: {pending}).
      </p>
    );
  }
  return (
    <p className="grid-preview" data-testid="grid-preview">
      {grid && <strong>{grid} = </strong>}
      {runs === 1 ? 'one run' : `${runs} runs, one at a time, cells interleaved`} · measured time {formatDuration(seconds)}
      <span className="muted"> (plus process start-up and analysis per run)</span>
    </p>
  );
}
