package stress

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

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
		return m.list(p.jsonOut)
	}
	sc, err := m.pick(p.scenario)
	if err != nil {
		return m.usage(err)
	}
	opts, err := m.options(p)
	if err != nil {
		return m.usage(err)
	}
	// One validation, in parent and child alike; nothing is created yet.
	cfg, err := newConfig(opts)
	if err != nil {
		return m.usage(err)
	}
	params, err := ResolveParams(sc.Params, cfg.params)
	if err != nil {
		return m.usage(err)
	}
	if sc.FreshProcess && os.Getenv(ChildEnv) != sc.ID {
		return m.runParent(sc, &cfg, params)
	}
	if sc.ChildMain != nil {
		env, err := NewEnv(cfg.concurrency, sc.Params, cfg.params)
		if err != nil {
			return m.usage(err)
		}
		sc.ChildMain(env)
		return 0
	}
	cfg.printPprof = func(a string) { fmt.Fprintf(m.stdout, "pprof: http://%s/debug/pprof/\n", a) }
	r, err := startRunner(cfg)
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

// pick finds the scenario to run: the one named by -scenario (or by ChildEnv
// in a fresh-process child), or the only one a program has.
func (m *mainRun) pick(id string) (*Scenario, error) {
	if child := os.Getenv(ChildEnv); child != "" && id == "" {
		id = child
	}
	if id == "" {
		if len(m.scenarios) == 1 {
			return &m.scenarios[0], nil
		}
		return nil, &UsageError{"scenario", "missing", "one of the ids printed by -list"}
	}
	for i := range m.scenarios {
		if m.scenarios[i].ID == id {
			return &m.scenarios[i], nil
		}
	}
	return nil, &UsageError{"scenario", fmt.Sprintf("unknown scenario %q", id), "one of the ids printed by -list"}
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
