package stress

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ChildEnv is the environment variable that makes a harness binary run one
// fresh-process scenario as the child of another invocation of itself.
const ChildEnv = "GMPSTRESS_CHILD"

// Main gives a program the whole harness protocol (PROTOCOL.md §1–§2): flags,
// -list [-json], result.json, metrics.jsonl, profiles, trace, signal handling
// and exit codes. It does not return.
func Main(scenarios ...Scenario) {
	os.Exit(MainArgs(os.Args[1:], os.Stdout, os.Stderr, scenarios...))
}

// MainArgs is Main without os.Exit: it returns the exit code.
func MainArgs(args []string, stdout, stderr io.Writer, scenarios ...Scenario) int {
	prog := filepath.Base(os.Args[0])
	m := &mainRun{prog: prog, args: args, stdout: stdout, stderr: stderr, scenarios: scenarios}
	return m.run()
}

type mainRun struct {
	prog      string
	args      []string
	stdout    io.Writer
	stderr    io.Writer
	scenarios []Scenario
}

type kvList struct {
	flag string
	kv   [][2]string
	err  error
}

func (l *kvList) String() string { return "" }
func (l *kvList) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		if l.err == nil {
			l.err = &UsageError{l.flag, fmt.Sprintf("%q is not k=v", s), "k=v, repeatable"}
		}
		return nil
	}
	l.kv = append(l.kv, [2]string{k, v})
	return nil
}

func (m *mainRun) usage(err error) int {
	var ue *UsageError
	var pe *ParamError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(m.stderr, "%s: -param %v\n", m.prog, pe)
	case errors.As(err, &ue):
		fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, ue)
	default:
		fmt.Fprintf(m.stderr, "%s: %s\n", m.prog, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return 2
}

var flagNameRE = regexp.MustCompile(`-([A-Za-z][A-Za-z0-9-]*)`)

type parsed struct {
	list, jsonOut                                         bool
	scenario, concurrency, duration, warmup, out, capture string
	interval, pprofAddr, flight, flightBytes              string
	params, labels                                        *kvList
	fs                                                    *flag.FlagSet
}

func (m *mainRun) parse() (*parsed, error) {
	p := &parsed{params: &kvList{flag: "param"}, labels: &kvList{flag: "label"}}
	fs := flag.NewFlagSet(m.prog, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&p.list, "list", false, "print the catalog and exit")
	fs.BoolVar(&p.jsonOut, "json", false, "with -list: JSON (PROTOCOL §4)")
	fs.StringVar(&p.scenario, "scenario", "", "scenario id")
	fs.StringVar(&p.concurrency, "concurrency", "", "workers, ≥ 1 (default GOMAXPROCS)")
	fs.StringVar(&p.duration, "duration", "5s", "measured window, 10ms..24h")
	fs.StringVar(&p.warmup, "warmup", "0", "warm-up before the window, 0..1h")
	fs.StringVar(&p.out, "out", "", "output directory")
	fs.StringVar(&p.capture, "capture", "", "comma list of "+strings.Join(CaptureKinds, ","))
	fs.StringVar(&p.interval, "metrics-interval", "100ms", "sampler tick, 10ms..1s, 0 = off")
	fs.StringVar(&p.pprofAddr, "pprof-addr", "", "loopback host:port for net/http/pprof")
	fs.StringVar(&p.flight, "flight-recorder", "0", "keep the last D of execution trace; write flight.trace unless the run succeeds, 100ms..1h, 0 = off (Go 1.25+)")
	fs.StringVar(&p.flightBytes, "flight-recorder-bytes", "0", "flight recorder size bound in bytes, 0 = Go's default (10 MiB)")
	fs.Var(p.params, "param", "scenario parameter k=v (repeatable)")
	fs.Var(p.labels, "label", "label k=v (repeatable)")
	p.fs = fs
	if err := fs.Parse(m.args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return p, err
		}
		msg := err.Error()
		name := "?"
		if mm := flagNameRE.FindStringSubmatch(msg); mm != nil {
			name = mm[1]
		}
		if strings.HasPrefix(msg, "flag provided but not defined") {
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
			return nil, &UsageError{name, "unknown flag", strings.Join(names, " ")}
		}
		if strings.Contains(msg, "needs an argument") {
			return nil, &UsageError{name, "needs a value", "see -h"}
		}
		return nil, &UsageError{name, msg, ""}
	}
	if fs.NArg() > 0 {
		return nil, &UsageError{"scenario", fmt.Sprintf("unexpected argument %q", fs.Arg(0)), "flags only; use -scenario ID"}
	}
	if p.params.err != nil {
		return nil, p.params.err
	}
	if p.labels.err != nil {
		return nil, p.labels.err
	}
	return p, nil
}

func parseDur(flagName, s, accepted string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, &UsageError{flagName, fmt.Sprintf("%q is not a Go duration", s), accepted}
	}
	return d, nil
}

// options turns the parsed flags into runner options (validated by NewStressRunner).
func (m *mainRun) options(p *parsed) ([]Option, time.Duration, time.Duration, error) {
	var opts []Option
	if p.concurrency != "" {
		n, err := strconv.Atoi(p.concurrency)
		if err != nil {
			return nil, 0, 0, &UsageError{"concurrency", fmt.Sprintf("%q is not an integer", p.concurrency), "1..1000000"}
		}
		opts = append(opts, WithConcurrency(n))
	}
	dur, err := parseDur("duration", p.duration, "10ms..24h")
	if err != nil {
		return nil, 0, 0, err
	}
	warm, err := parseDur("warmup", p.warmup, "0..1h")
	if err != nil {
		return nil, 0, 0, err
	}
	iv, err := parseDur("metrics-interval", p.interval, "0 (off) or 10ms..1s")
	if err != nil {
		return nil, 0, 0, err
	}
	fl, err := parseDur("flight-recorder", p.flight, flightAccepted)
	if err != nil {
		return nil, 0, 0, err
	}
	flBytes, err := parseFlightBytes(p.flightBytes)
	if err != nil {
		return nil, 0, 0, err
	}
	opts = append(opts, WithDuration(dur), WithWarmup(warm), WithMetricsInterval(iv), WithFlightRecorder(fl, flBytes))
	if p.out != "" {
		opts = append(opts, WithOutDir(p.out))
	}
	if p.capture != "" {
		for _, k := range strings.Split(p.capture, ",") {
			if k = strings.TrimSpace(k); k != "" {
				opts = append(opts, WithProfiles(k))
			}
		}
	}
	for _, kv := range p.params.kv {
		opts = append(opts, WithParam(kv[0], kv[1]))
	}
	for _, kv := range p.labels.kv {
		opts = append(opts, WithLabel(kv[0], kv[1]))
	}
	return opts, dur, warm, nil
}

func (m *mainRun) run() int {
	if err := CheckCatalog(m.scenarios); err != nil {
		fmt.Fprintf(m.stderr, "%s: catalog: %v\n", m.prog, err)
		return 1
	}
	p, err := m.parse()
	if errors.Is(err, flag.ErrHelp) {
		m.printUsage(p.fs)
		return 0
	}
	if err != nil {
		return m.usage(err)
	}
	if p.list {
		if p.jsonOut {
			return m.listJSON()
		}
		for _, s := range m.scenarios {
			fmt.Fprintf(m.stdout, "%-12s %-28s %s\n", s.Group, s.ID, s.Title)
		}
		return 0
	}
	var sc *Scenario
	if child := os.Getenv(ChildEnv); child != "" && p.scenario == "" {
		p.scenario = child
	}
	switch {
	case p.scenario == "" && len(m.scenarios) == 1:
		sc = &m.scenarios[0]
	case p.scenario == "":
		return m.usage(&UsageError{"scenario", "missing", "one of the ids printed by -list"})
	default:
		for i := range m.scenarios {
			if m.scenarios[i].ID == p.scenario {
				sc = &m.scenarios[i]
			}
		}
		if sc == nil {
			return m.usage(&UsageError{"scenario", fmt.Sprintf("unknown scenario %q", p.scenario), "one of the ids printed by -list"})
		}
	}
	opts, dur, warm, err := m.options(p)
	if err != nil {
		return m.usage(err)
	}
	// Validate everything but the pprof listener up front, in parent and child alike.
	cfg, err := checkConfig(opts)
	if err != nil {
		return m.usage(err)
	}
	params, err := ResolveParams(sc.Params, cfg.params)
	if err != nil {
		return m.usage(err)
	}
	if sc.FreshProcess && os.Getenv(ChildEnv) != sc.ID {
		return m.runParent(sc, cfg, params, dur, warm)
	}
	if sc.ChildMain != nil {
		env, err := NewEnv(cfg.concurrency, sc.Params, cfg.params)
		if err != nil {
			return m.usage(err)
		}
		sc.ChildMain(env)
		return 0
	}
	if p.pprofAddr != "" {
		opts = append(opts, WithPprofAddr(p.pprofAddr), withPprofNotice(func(a string) {
			fmt.Fprintf(m.stdout, "pprof: http://%s/debug/pprof/\n", a)
		}))
	}
	r, err := NewStressRunner(opts...)
	if err != nil {
		return m.usage(err)
	}
	defer r.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := r.Run(ctx, *sc)
	if err != nil && rep == nil {
		return m.usage(err)
	}
	if err != nil {
		fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
		return 1
	}
	return m.finish(rep, cfg.outDir)
}

func checkConfig(opts []Option) (*config, error) {
	cfg := config{concurrency: defaultConcurrency(), duration: 5 * time.Second, grace: 2 * time.Second,
		metricsInterval: 100 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// finish prints the report for people (or as JSON when there is no -out) and
// returns the exit code.
func (m *mainRun) finish(rep *Report, outDir string) int {
	if outDir == "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintf(m.stdout, "%s\n", b)
	} else {
		fmt.Fprintf(m.stdout, "%s: %d ops in %.3fs (%.1f ops/s)%s; %s\n", rep.Scenario, rep.Ops, rep.WallS,
			rep.OpsPerS, map[bool]string{true: ", stopped", false: ""}[rep.Stopped], filepath.Join(outDir, "result.json"))
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(m.stderr, "%s: %s\n", m.prog, firstLine(e))
	}
	if rep.Failed() {
		return 1
	}
	return 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func (m *mainRun) printUsage(fs *flag.FlagSet) {
	fmt.Fprintf(m.stdout, "usage: %s -scenario ID [flags]   (or -list [-json])\n", m.prog)
	fs.SetOutput(m.stdout)
	fs.PrintDefaults()
}

// ListJSON is the -list -json document (PROTOCOL §4).
type ListJSON struct {
	Schema    int            `json:"schema"`
	Scenarios []ScenarioJSON `json:"scenarios"`
}

type ScenarioJSON struct {
	ID           string      `json:"id"`
	Group        string      `json:"group"`
	Title        string      `json:"title"`
	Mechanism    string      `json:"mechanism"`
	Source       string      `json:"source"`
	FreshProcess bool        `json:"fresh_process"`
	Params       []ParamJSON `json:"params"`
	Signals      []string    `json:"signals"`
}

type ParamJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Default string   `json:"default"`
	Min     string   `json:"min,omitempty"`
	Max     string   `json:"max,omitempty"`
	Choices []string `json:"choices,omitempty"`
	Help    string   `json:"help"`
}

// Catalog returns the -list -json document for scenarios.
func Catalog(scenarios []Scenario) ListJSON {
	out := ListJSON{Schema: 1, Scenarios: []ScenarioJSON{}}
	for _, s := range scenarios {
		sj := ScenarioJSON{ID: s.ID, Group: s.Group, Title: s.Title, Mechanism: s.Mechanism, Source: s.Source,
			FreshProcess: s.FreshProcess, Params: []ParamJSON{}, Signals: append([]string{}, s.Signals...)}
		for _, p := range s.Params {
			sj.Params = append(sj.Params, ParamJSON{Name: p.Name, Type: string(p.Type), Default: p.Default,
				Min: p.Min, Max: p.Max, Choices: p.Choices, Help: p.Help})
		}
		out.Scenarios = append(out.Scenarios, sj)
	}
	return out
}

func (m *mainRun) listJSON() int {
	b, err := json.MarshalIndent(Catalog(m.scenarios), "", "  ")
	if err != nil {
		fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
		return 1
	}
	fmt.Fprintf(m.stdout, "%s\n", b)
	return 0
}

// tailWriter keeps the last n bytes written to it.
type tailWriter struct {
	mu  sync.Mutex
	n   int
	buf []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.n {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.n:]...)
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// runParent runs a FreshProcess scenario in a child: the same binary with the
// same flags and ChildEnv=ID. A normal child writes result.json itself and its
// exit code is passed on. When the child ends any other way (crash, deadlock,
// killed at its deadline) or is a ChildMain scenario, the parent writes
// result.json with "child" filled in (PROTOCOL §2.4).
func (m *mainRun) runParent(sc *Scenario, cfg *config, params map[string]string, dur, warm time.Duration) int {
	started := time.Now()
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(m.stderr, "%s: cannot find own executable: %v\n", m.prog, err)
		return 1
	}
	resultPath := ""
	if cfg.outDir != "" {
		resultPath = filepath.Join(cfg.outDir, "result.json")
		os.Remove(resultPath) // a stale one must not pass for the child's
	}
	tail := &tailWriter{n: 4096}
	cmd := exec.Command(exe, m.args...)
	cmd.Env = append(os.Environ(), ChildEnv+"="+sc.ID)
	cmd.Stdout = m.stdout
	cmd.Stderr = io.MultiWriter(m.stderr, tail)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(m.stderr, "%s: start child: %v\n", m.prog, err)
		return 1
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	limit := warm + dur + cfg.grace
	if sc.ChildMain == nil {
		limit += 10 * time.Second // its own runner stops it; this is only a backstop
	}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	stopped, timedOut := false, false
	var kill <-chan time.Time
loop:
	for {
		select {
		case <-waited:
			break loop
		case s := <-sigs:
			stopped = true
			cmd.Process.Signal(s)
			if kill == nil {
				kill = time.After(cfg.grace + 2*time.Second)
			}
		case <-deadline.C:
			timedOut = true
			if sc.ChildMain != nil {
				cmd.Process.Kill()
			} else {
				cmd.Process.Signal(syscall.SIGTERM)
				kill = time.After(2 * time.Second)
			}
		case <-kill:
			cmd.Process.Kill()
		}
	}
	st := cmd.ProcessState
	exit := ChildExit{Code: st.ExitCode(), TimedOut: timedOut, StderrTail: tail.String()}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		exit.Signal = ws.Signal().String()
	}
	if sc.ChildMain == nil && !timedOut {
		// A Go crash (panic, fatal error) also exits 2: only a one-line usage
		// message on stderr makes a 2 a usage error.
		usage := exit.Code == 2 && usageTail(exit.StderrTail)
		wrote := false
		if resultPath != "" {
			_, err := os.Stat(resultPath)
			wrote = err == nil
		}
		switch {
		case usage:
			return 2 // already printed by the child
		case wrote && (exit.Code == 0 || exit.Code == 1):
			return exit.Code
		case resultPath == "" && (exit.Code == 0 || exit.Code == 1):
			return exit.Code
		}
	}
	r := &StressRunner{cfg: *cfg}
	rep := r.baseReport(*sc, params, started)
	rep.Child = &exit
	rep.Stopped = stopped
	rep.WallS = round6(time.Since(started).Seconds())
	rep.Unavailable = []string{}
	if sc.ChildCheck != nil && !stopped {
		env, _ := NewEnv(cfg.concurrency, sc.Params, cfg.params)
		ops, err := sc.ChildCheck(env, exit)
		rep.Values, rep.Notes = env.Values(), env.Notes()
		rep.Ops = ops
		if rep.WallS > 0 {
			rep.OpsPerS = round6(float64(ops) / rep.WallS)
		}
		if err != nil {
			rep.Errors = append(rep.Errors, err.Error())
		}
	} else if !stopped {
		what := fmt.Sprintf("exit status %d", exit.Code)
		if exit.Signal != "" {
			what = "signal " + exit.Signal
		}
		if timedOut {
			what += " after being stopped at its deadline " + limit.String()
		}
		rep.Errors = append(rep.Errors, fmt.Sprintf("child process ended with %s: %s", what, lastLines(exit.StderrTail, 3)))
	}
	if resultPath != "" {
		if err := WriteReport(resultPath, rep); err != nil {
			fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
			return 1
		}
	}
	return m.finish(rep, cfg.outDir)
}

var usageTailRE = regexp.MustCompile(`(?m)\A[^\s:]+: -[a-z-]+[^\n]*\(accepted: [^\n]*\)\n?\z`)

// usageTail reports whether a child's stderr is exactly one usage-error line.
func usageTail(s string) bool {
	// stdout of the child is not in the tail; pprof notices go to stdout.
	return usageTailRE.MatchString(s)
}

// lastLines returns the last n non-empty lines of s joined with " | ".
func lastLines(s string, n int) string {
	var keep []string
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0 && len(keep) < n; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			keep = append(keep, l)
		}
	}
	for i, j := 0, len(keep)-1; i < j; i, j = i+1, j-1 {
		keep[i], keep[j] = keep[j], keep[i]
	}
	return strings.Join(keep, " | ")
}
