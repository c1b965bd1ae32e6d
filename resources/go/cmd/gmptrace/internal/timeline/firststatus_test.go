package timeline

import (
	"bytes"
	"os"
	"path/filepath"
	rtrace "runtime/trace"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/exp/trace"
)

// untouchedTrace writes an execution trace of this test process in which
// readers goroutines sit in a read of a pipe (a raw system call, outside
// the netpoller) from before the trace starts until 100ms into it, while a
// ticker keeps the trace busy. The runtime writes their statuses when the
// reads return: the trace's first generation (it lasts a second) tells
// only then that they were in a syscall from its start.
func untouchedTrace(t *testing.T, readers int) string {
	t.Helper()
	var wg sync.WaitGroup
	writers := make([]int, readers)
	for i := range writers {
		var fds [2]int
		if err := syscall.Pipe(fds[:]); err != nil {
			t.Fatal(err)
		}
		writers[i] = fds[1]
		wg.Go(func() {
			var b [1]byte
			syscall.Read(fds[0], b[:])
			syscall.Close(fds[0])
		})
	}
	time.Sleep(20 * time.Millisecond) // inside their reads
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Skipf("cannot trace this process: %v", err) // another tracer is on (go test -trace)
	}
	ticker := time.NewTicker(time.Millisecond)
	for until := time.Now().Add(100 * time.Millisecond); time.Now().Before(until); {
		<-ticker.C
	}
	ticker.Stop()
	for _, fd := range writers {
		syscall.Write(fd, []byte{1})
		syscall.Close(fd)
	}
	wg.Wait()
	rtrace.Stop()
	path := filepath.Join(t.TempDir(), "untouched.out")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// spanning counts the syscalls of w that last all through its window.
func spanning(w *Window) (n int) {
	for _, s := range w.Syscalls {
		if s.BeginS == w.FromS && s.EndS == w.ToS {
			n++
		}
	}
	return n
}

// A goroutine the runtime does not touch in a generation gets its status
// there only when it is first touched, or at the generation's end: after a
// window inside that generation. A query reads the generation to its end
// for them: the readers' syscalls last through the window, with each reader
// and with a checkpoint file, as in a pass over every generation.
func TestStatusesWrittenAfterTheWindow(t *testing.T) {
	const readers = 3
	path := untouchedTrace(t, readers)
	opt := Options{From: 30 * time.Millisecond, To: 60 * time.Millisecond}
	full := opt
	full.AllGenerations = true
	whole, err := Query(path, full)
	want := windowText(t, whole, err)
	for _, c := range []struct {
		name string
		opt  func(o *Options)
	}{
		{"x/exp/trace", func(o *Options) { o.Reader = ReaderXExp }},
		{"own reader", func(o *Options) { o.Reader = ReaderOwn }},
		{"own reader, saving a checkpoint file", func(o *Options) { o.Checkpoints = filepath.Join(t.TempDir(), "checkpoints") }},
	} {
		o := opt
		c.opt(&o)
		w, err := Query(path, o)
		if got := windowText(t, w, err); got != want {
			t.Errorf("%s: the window differs from a pass over every generation", c.name)
		}
		if n := spanning(w); n != readers {
			t.Errorf("%s: %d syscalls last through the window, want the %d readers'", c.name, n, readers)
		}
	}
}

// The list of a generation's first statuses in a checkpoint file comes
// from a reading of that generation in order to its end (gmptrace
// checkpoints): a query that skipped past its window to them saves none,
// their times not being the ordering's. A later query takes the statuses
// after its window from the list instead of reading on: a status added to
// the list by hand counts.
func TestFirstStatusesFromTheCheckpointFile(t *testing.T) {
	const readers = 2
	path := untouchedTrace(t, readers)
	opt := Options{From: 30 * time.Millisecond, To: 60 * time.Millisecond, Checkpoints: filepath.Join(t.TempDir(), "checkpoints")}
	first, err := Query(path, opt)
	want := windowText(t, first, err)
	ix, id := indexed(t, path)
	gen := ix.Generations[0].Gen
	if cf, ok := openCheckpoints(opt.Checkpoints, id); ok {
		_, listed := cf.firsts(gen)
		cf.f.Close()
		if listed {
			t.Error("a query that skipped to the first statuses saved their list")
		}
	}
	if _, err := Prepare(path, opt.Checkpoints, PrepareOptions{Above: 1}); err != nil {
		t.Fatal(err)
	}
	cf, ok := openCheckpoints(opt.Checkpoints, id)
	if !ok {
		t.Fatal("no checkpoint file saved")
	}
	list, ok := cf.firsts(gen)
	cf.f.Close()
	if !ok {
		t.Fatalf("the file holds no first statuses of generation %d", gen)
	}
	g0 := ix.Generations[0]
	to := trace.Time(g0.Time(g0.MinTick)) + trace.Time(opt.To)
	inSyscall := 0
	for _, s := range list {
		if s.Time > to && s.State == trace.GoSyscall {
			inSyscall++
		}
	}
	if inSyscall != readers {
		t.Errorf("%d first statuses after the window say Syscall, want the %d readers'", inSyscall, readers)
	}
	if w, err := Query(path, opt); windowText(t, w, err) != want {
		t.Error("the window taking the list differs")
	}

	const madeUp = trace.GoID(1 << 40)
	cw := newCheckpointWriter(opt.Checkpoints, id)
	cw.addFirsts(gen, append(list, firstStatus{G: madeUp, Time: to + 1, State: trace.GoRunnable, P: trace.NoProc}))
	if err := cw.finish(); err != nil {
		t.Fatal(err)
	}
	w, err := Query(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, was := w.RunQueue[0].Runnable, first.RunQueue[0].Runnable; got != was+1 {
		t.Errorf("run queue at the window's start: %d, want %d and the made-up goroutine: the list was not read", got, was)
	}
}
