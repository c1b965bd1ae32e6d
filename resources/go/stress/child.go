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
