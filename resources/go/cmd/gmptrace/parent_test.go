package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runMainEnv makes the test binary run gmptrace's main.
const runMainEnv = "GMPTRACE_TEST_RUN_MAIN"

// alive reports whether process pid runs (a zombie, ended but not yet
// reaped by the process it was given to, does not).
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

// An analysis whose parent is gone ends when asked to
// (GMPTRACE_EXIT_WITH_PARENT=<the parent's pid>, as the workbench starts it),
// and goes on when not. gmptrace waits on a FIFO as its trace, as on a trace
// without end, under a shell that starts it and exits at once (often before
// gmptrace's main begins).
func TestExitsWithItsParent(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to tell a running process from a zombie")
	}
	fifo := filepath.Join(t.TempDir(), "trace.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	orphan := func(asked bool) int {
		// The shell names itself ($$) as the parent to end with.
		script := `"$0" analyze "$1" -o "$1.json" >/dev/null 2>&1 & echo $!`
		if asked {
			script = `GMPTRACE_EXIT_WITH_PARENT=$$ ` + script
		}
		cmd := exec.Command("sh", "-c", script, os.Args[0], fifo)
		cmd.Env = append(os.Environ(), runMainEnv+"=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
		return pid
	}
	asked, unasked := orphan(true), orphan(false)
	deadline := time.Now().Add(10 * time.Second)
	for alive(asked) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(asked) {
		t.Fatalf("gmptrace %d still runs 10 s after its parent ended", asked)
	}
	if !alive(unasked) {
		t.Fatalf("gmptrace %d, not asked to end with its parent, ended", unasked)
	}
}

// slowWriteEnv makes the test binary write one slow document to its path.
const slowWriteEnv = "GMPTRACE_TEST_SLOW_WRITE"

// gmptrace told to stop while it writes its output (a query past its time)
// removes the temporary file, whose unique name nothing would reuse.
func TestStoppedWhileWritingLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "window.json")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), slowWriteEnv+"="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var temps []string
	for deadline := time.Now().Add(30 * time.Second); len(temps) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no temporary file appeared")
		}
		temps, _ = filepath.Glob(path + ".*.tmp")
	}
	time.Sleep(50 * time.Millisecond) // its handler is installed as the file is made
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 2 {
		t.Errorf("exit %d (%v), want 2", code, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
