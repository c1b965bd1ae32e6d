package stress

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ChildEnv is the environment variable that makes a harness binary run one
// fresh-process scenario as the child of another invocation of itself.
const ChildEnv = "GMPSTRESS_CHILD"

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
func (m *mainRun) runParent(sc *Scenario, cfg *config, params map[string]string) int {
	started := time.Now()
	if err := prepareOutDir(cfg.outDir); err != nil {
		return m.usage(err)
	}
	resultPath := ""
	if cfg.outDir != "" {
		resultPath = filepath.Join(cfg.outDir, "result.json")
		os.Remove(resultPath) // a stale one must not pass for the child's
	}
	limit := cfg.warmup + cfg.duration + cfg.grace
	if sc.ChildMain == nil {
		limit += 10 * time.Second // its own runner stops it; this is only a backstop
	}
	ch, err := m.startChild(sc.ID)
	if err != nil {
		fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
		return 1
	}
	stopped, exit := ch.supervise(limit, sc.ChildMain != nil, cfg.grace)
	if sc.ChildMain == nil && !exit.TimedOut {
		if code, ok := passOn(exit, resultPath); ok {
			return code
		}
	}
	rep := parentReport(sc, cfg, params, started, exit, stopped, limit)
	if resultPath != "" {
		if err := WriteReport(resultPath, rep); err != nil {
			fmt.Fprintf(m.stderr, "%s: %v\n", m.prog, err)
			return 1
		}
	}
	return m.finish(rep, cfg.outDir)
}

// child is a running fresh-process child and the tail of its stderr.
type child struct {
	cmd    *exec.Cmd
	tail   *tailWriter
	waited chan error
}

func (m *mainRun) startChild(id string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find own executable: %v", err)
	}
	ch := &child{tail: &tailWriter{n: 4096}, waited: make(chan error, 1)}
	ch.cmd = exec.Command(exe, m.args...)
	ch.cmd.Env = append(os.Environ(), ChildEnv+"="+id)
	ch.cmd.Stdout = m.stdout
	ch.cmd.Stderr = io.MultiWriter(m.stderr, ch.tail)
	if err := ch.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start child: %v", err)
	}
	go func() { ch.waited <- ch.cmd.Wait() }()
	return ch, nil
}

// supervise waits for the child, passing on SIGINT/SIGTERM, and ends it at
// limit: a ChildMain child is killed at once, a runner child gets SIGTERM and
// two seconds to write its result.
func (ch *child) supervise(limit time.Duration, childMain bool, grace time.Duration) (stopped bool, exit ChildExit) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	timedOut := false
	var kill <-chan time.Time
loop:
	for {
		select {
		case <-ch.waited:
			break loop
		case s := <-sigs:
			stopped = true
			ch.cmd.Process.Signal(s)
			if kill == nil {
				kill = time.After(grace + 2*time.Second)
			}
		case <-deadline.C:
			timedOut = true
			if childMain {
				ch.cmd.Process.Kill()
			} else {
				ch.cmd.Process.Signal(syscall.SIGTERM)
				kill = time.After(2 * time.Second)
			}
		case <-kill:
			ch.cmd.Process.Kill()
		}
	}
	st := ch.cmd.ProcessState
	exit = ChildExit{Code: st.ExitCode(), TimedOut: timedOut, StderrTail: ch.tail.String()}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		exit.Signal = ws.Signal().String()
	}
	return stopped, exit
}

// passOn reports whether a runner child's own outcome stands (its exit code,
// and the result.json it wrote when there is an output directory).
func passOn(exit ChildExit, resultPath string) (int, bool) {
	// A Go crash (panic, fatal error) also exits 2: only a one-line usage
	// message on stderr makes a 2 a usage error.
	if exit.Code == 2 && usageTail(exit.StderrTail) {
		return 2, true // already printed by the child
	}
	if exit.Code != 0 && exit.Code != 1 {
		return 0, false
	}
	if resultPath == "" {
		return exit.Code, true
	}
	_, err := os.Stat(resultPath)
	return exit.Code, err == nil
}

// parentReport is the result.json the parent writes for a child that did not
// write its own: ChildCheck's verdict, or an error naming how the child ended.
func parentReport(sc *Scenario, cfg *config, params map[string]string, started time.Time, exit ChildExit, stopped bool, limit time.Duration) *Report {
	rep := newReport(cfg, *sc, params, started)
	rep.Child = &exit
	rep.Stopped = stopped
	rep.WallS = round6(time.Since(started).Seconds())
	if missing := missingCaptures(cfg); len(missing) > 0 {
		// The capture flags were taken; say why their files are not there (a crashed child may
		// have left some, cut short, which the reader then finds and judges).
		why := "the child ended before it wrote them"
		if sc.ChildMain != nil {
			why = "the child runs without the harness (no profiler, tracer or sampler), by design"
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("no %s: %s", strings.Join(missing, ", "), why))
	}
	switch {
	case stopped:
	case sc.ChildCheck != nil:
		env, _ := NewEnv(cfg.concurrency, sc.Params, cfg.params) // params were resolved by Main
		ops, err := sc.ChildCheck(env, exit)
		rep.Values, rep.Notes = env.Values(), append(rep.Notes, env.Notes()...)
		rep.Ops = ops
		if rep.WallS > 0 {
			rep.OpsPerS = round6(float64(ops) / rep.WallS)
		}
		if err != nil {
			rep.Errors = append(rep.Errors, err.Error())
		}
	default:
		what := fmt.Sprintf("exit status %d", exit.Code)
		if exit.Signal != "" {
			what = "signal " + exit.Signal
		}
		if exit.TimedOut {
			what += " after being stopped at its deadline " + limit.String()
		}
		rep.Errors = append(rep.Errors, fmt.Sprintf("child process ended with %s: %s", what, lastLines(exit.StderrTail, 3)))
	}
	return rep
}

// missingCaptures are the captures asked for whose file is not in the out dir.
func missingCaptures(cfg *config) []string {
	var missing []string
	for _, kind := range cfg.captures() {
		if _, err := os.Stat(cfg.captureFile(kind)); err != nil {
			missing = append(missing, kind)
		}
	}
	return missing
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
