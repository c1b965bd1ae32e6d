package scenarios

// Group syscalls: threads held by blocking syscalls, the netpoller, P handoff
// around syscalls, netpoll under CPU saturation, locked OS threads
// (docs/SCENARIOS.md F1–F6). F7, cgo, is in cgo_calls.go (build tag gmpcgo).

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID:    "blocking-syscall-threads",
			Group: "syscalls",
			Title: "Blocking syscalls each hold an OS thread",
			Mechanism: "Concurrency goroutines block in raw syscalls the runtime poller does not manage (read on a " +
				"blocking pipe, or nanosleep). Each keeps its M in the kernel; its P is handed off, so the " +
				"runtime starts new Ms and the thread count grows with the number of blocked goroutines, up to " +
				"debug.SetMaxThreads (exceeding it is fatal: 'thread exhaustion'). Each reader has its own " +
				"pipe; every `hold` the releaser writes one byte to each, so each read returns once a `hold` and " +
				"blocks again. Ops are completed syscalls; op latency is the time each spent blocked. Threads " +
				"stay after the run, hence a fresh process.",
			Source: "runtime testprog ThreadExhaustion (deadlock.go), TestThreadExhaustion (crash_test.go); golang/go#18236",
			Params: []stress.Param{
				enumParam("syscall", "pipe-read", []string{"pipe-read", "nanosleep"},
					"pipe-read: read(2) on a blocking pipe; nanosleep: nanosleep(2) of `hold` in chunks of at most 20ms"),
				durParam("hold", 50*time.Millisecond, 100*time.Microsecond, 10*time.Second, "how long each syscall blocks"),
				intParam("max-threads", 0, 0, 100000, "debug.SetMaxThreads for the run; 0 leaves it (exceeding it kills the process)"),
			},
			Signals: []string{"/sched/threads/total:threads", "/sched/goroutines/not-in-go:goroutines",
				"Threads in /proc/self/status", "op latency (time blocked)"},
			FreshProcess: true,
			TimesOps:     true,
			Run: func(ctx context.Context, env *stress.Env) error {
				_, err := runBlockingSyscalls(ctx, env, env.Concurrency, env.DurationParam("hold"),
					env.Param("syscall") == "nanosleep", env.IntParam("max-threads"))
				return err
			},
		},
		stress.Scenario{
			ID:    "pipe-read-netpoller",
			Group: "syscalls",
			Title: "Pipe reads through the netpoller need no thread",
			Mechanism: "Concurrency goroutines read from os.Pipe files. These fds are non-blocking and registered with " +
				"the runtime poller, so a reader parks only its goroutine, not a thread: the thread count stays " +
				"flat however many readers wait. The control for blocking-syscall-threads. Every `hold` one " +
				"byte is written to each pipe. Ops are completed reads; op latency is the time each waited.",
			Source: "os TestPipeThreads (os_test.go): reading from a pipe doesn't use up a thread",
			Params: []stress.Param{
				durParam("hold", 50*time.Millisecond, 100*time.Microsecond, 10*time.Second, "interval between writes"),
				intParam("max-threads", 0, 0, 100000, "debug.SetMaxThreads for the run; 0 leaves it (TestPipeThreads sets it below the reader count)"),
			},
			Signals: []string{"/sched/threads/total:threads", "/sched/goroutines/waiting:goroutines",
				"Threads in /proc/self/status", "op latency (time parked)"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				_, err := runPipeNetpoller(ctx, env, env.Concurrency, env.DurationParam("hold"), env.IntParam("max-threads"))
				return err
			},
		},
		stress.Scenario{
			ID:    "syscall-handoff",
			Group: "syscalls",
			Title: "P handoff around short syscalls next to CPU-bound goroutines",
			Mechanism: "Concurrency goroutines loop on nanosleep(`dur`) while `cpu-workers` goroutines burn CPU. A P " +
				"left in a syscall for a sysmon tick is retaken and handed to runnable work; on return " +
				"(exitsyscall) the goroutine needs a P again and, when the CPU workers hold them all, waits in " +
				"the run queue until one is preempted. Ops are syscalls; op latency is each syscall's wall " +
				"time including getting a P back, so its excess over `dur` is the handoff cost.",
			Source: "runtime TestPreemptionAfterSyscall (proc_test.go), BenchmarkWakeupParallelSyscall; golang/go#28701, #29734",
			Params: []stress.Param{
				durParam("dur", time.Millisecond, time.Microsecond, 20*time.Millisecond, "nanosleep length per syscall (below a sysmon tick the P is rarely retaken)"),
				intParam("cpu-workers", -1, -1, 256, "CPU-bound goroutines competing for Ps; -1 = 2×GOMAXPROCS"),
			},
			Signals: []string{"op latency p50/p99 (syscall + reacquire P)", "ops_per_s", "/sched/latencies:seconds",
				"/sched/goroutines/not-in-go:goroutines", "/sched/threads/total:threads"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runSyscallHandoff(ctx, env, env.Concurrency, env.DurationParam("dur"), perProcs(env.IntParam("cpu-workers")))
				return nil
			},
		},
		stress.Scenario{
			ID:    "netpoll-under-cpu-saturation",
			Group: "syscalls",
			Title: "Loopback echo latency while CPU-bound goroutines fill every P",
			Mechanism: "Concurrency clients ping a loopback (127.0.0.1) echo server while `busy` goroutines burn CPU. " +
				"Network readiness is noticed when a P runs out of work (findRunnable polls the network) or " +
				"when sysmon polls after 10ms without a poll; with every P busy, a ready connection waits for " +
				"one of those. Ops are round trips; op latency is the round-trip time.",
			Source: "golang/go PR #51651 (sysmon netpoll), #16432; runtime TestGoroutineParallelism2(netpoll), TestNetpollBreak",
			Params: []stress.Param{
				intParam("busy", -1, -1, 1024, "CPU-bound goroutines; -1 = 2×GOMAXPROCS"),
				enumParam("busy-body", "callfree", []string{"callfree", "calls"},
					"callfree: call-free loop (only async preemption stops it); calls: time.Now spin loop"),
				intParam("payload", 64, 1, 64<<10, "bytes per request (the client writes it all before reading the echo)"),
			},
			Signals:  []string{"op latency p50/p99 (RTT)", "ops_per_s", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				return runNetpollSaturation(ctx, env, env.Concurrency, perProcs(env.IntParam("busy")),
					env.Param("busy-body") == "callfree", env.IntParam("payload"))
			},
		},
		stress.Scenario{
			ID:    "lockosthread-pingpong",
			Group: "syscalls",
			Title: "Channel ping-pong with a goroutine locked to its thread",
			Mechanism: "Concurrency client/server pairs exchange a value over unbuffered channels. With locked=true " +
				"the server calls runtime.LockOSThread: whenever it blocks its M sleeps (stoplockedm) and the P " +
				"moves on, and waking it means handing the P back to that exact thread (a futex wake and a " +
				"thread switch) instead of running it on the current M. Ops are round trips; op latency is the RTT.",
			Source: "golang/go#21827 (LockOSThread penalty), #18023; runtime TestBlockLocked, TestYieldLocked (proc_test.go)",
			Params: []stress.Param{
				boolParam("locked", true, "server goroutines call runtime.LockOSThread"),
			},
			Signals:  []string{"op latency p50 (RTT)", "ops_per_s", "/sched/threads/total:threads"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runLockedPingPong(ctx, env, env.Concurrency, env.BoolParam("locked"))
				return nil
			},
		},
		stress.Scenario{
			ID:    "lockosthread-exit-churn",
			Group: "syscalls",
			Title: "Goroutines that exit while locked take their thread with them",
			Mechanism: "Short-lived goroutines (concurrency in flight) call runtime.LockOSThread and exit. Since Go 1.10 " +
				"a goroutine that exits still locked terminates its OS thread, so every op costs a thread exit " +
				"and a new thread (clone) for the next one; with unlock-before-exit=true threads are reused. " +
				"Ops are goroutine lifetimes; op latency is spawn to exit.",
			Source: "runtime TestLockOSThreadExit, TestLockOSThreadNesting (proc_test.go); golang/go#20395, #28979",
			Params: []stress.Param{
				boolParam("unlock-before-exit", false, "UnlockOSThread before exiting, so the thread survives"),
			},
			Signals: []string{"ops_per_s", "op latency p50/p99 (spawn to exit)", "/sched/threads/total:threads",
				"/cpu/classes/total:cpu-seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runLockedExitChurn(ctx, env, env.Concurrency, env.BoolParam("unlock-before-exit"))
				return nil
			},
		},
	)
}

// threadPeak samples the OS thread count of this process until stop.
type threadPeak struct {
	peak atomic.Int64
	done chan struct{}
	wg   sync.WaitGroup
}

func startThreadPeak(every time.Duration) *threadPeak {
	tp := &threadPeak{done: make(chan struct{})}
	tp.wg.Add(1)
	go func() {
		defer tp.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if n := osThreads(); int64(n) > tp.peak.Load() {
				tp.peak.Store(int64(n))
			}
			select {
			case <-tp.done:
				return
			case <-t.C:
			}
		}
	}()
	return tp
}

func (tp *threadPeak) stop() int {
	close(tp.done)
	tp.wg.Wait()
	return int(tp.peak.Load())
}

// reportThreads reports the peak OS thread count, or notes that it could not
// be read.
func reportThreads(sink opSink, r threadResult) threadResult {
	if r.peakThreads > 0 {
		sink.Report("peak_threads", float64(r.peakThreads), "threads")
	} else {
		sink.Note("peak OS thread count unavailable (no Threads: in /proc/self/status)")
	}
	return r
}

// osThreads reads Threads: from /proc/self/status; -1 when unreadable.
func osThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	const key = "\nThreads:"
	for i := 0; i+len(key) < len(b); i++ {
		if string(b[i:i+len(key)]) != key {
			continue
		}
		n := 0
		for j := i + len(key); j < len(b) && b[j] != '\n'; j++ {
			if c := b[j]; c >= '0' && c <= '9' {
				n = n*10 + int(c-'0')
			}
		}
		return n
	}
	return -1
}

type threadResult struct{ peakThreads int }

func runBlockingSyscalls(ctx context.Context, sink opSink, n int, hold time.Duration, nanosleep bool,
	maxThreads int) (threadResult, error) {
	if maxThreads > 0 {
		defer debug.SetMaxThreads(debug.SetMaxThreads(maxThreads))
	}
	stop, release := pollStop(ctx)
	defer release()
	tp := startThreadPeak(10 * time.Millisecond)
	n = max(1, n)
	var wg sync.WaitGroup
	if nanosleep {
		chunk := min(hold, 20*time.Millisecond)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !stop.Load() {
					t0 := time.Now()
					for left := hold; left > 0 && !stop.Load(); left -= chunk {
						rawSleep(min(left, chunk))
					}
					sink.Observe(time.Since(t0))
					sink.AddOps(1)
				}
			}()
		}
		wg.Wait()
		return reportThreads(sink, threadResult{peakThreads: tp.stop()}), nil
	}
	// One blocking pipe per reader, as the netpoller control has one os.Pipe
	// per reader: with a shared pipe a reader back from its read could take the
	// byte meant for one still waking, so its "time blocked" was near zero and
	// another's spanned two holds.
	rs, ws, err := rawPipes(n)
	if err != nil {
		tp.stop()
		return threadResult{}, err
	}
	for _, r := range rs {
		wg.Add(1)
		go func(r rawFD) {
			defer wg.Done()
			var b [1]byte
			for {
				t0 := time.Now()
				m, err := rawRead(r, b[:])
				if err == syscall.EINTR {
					continue
				}
				if m <= 0 || err != nil { // EOF: the write end was closed
					return
				}
				sink.Observe(time.Since(t0))
				sink.AddOps(1)
			}
		}(r)
	}
	one := []byte{1}
	for sleepCtx(ctx, hold) {
		for _, w := range ws {
			for {
				if _, err := rawWrite(w, one); err != syscall.EINTR {
					break
				}
			}
		}
	}
	for _, w := range ws {
		rawClose(w) // its reader drains what is left, then sees EOF
	}
	wg.Wait()
	for _, r := range rs {
		rawClose(r)
	}
	return reportThreads(sink, threadResult{peakThreads: tp.stop()}), nil
}

// rawPipes opens n blocking pipes, or none: on failure (most often the open
// file limit, two descriptors per pipe) it closes what it opened and says how
// far it got.
func rawPipes(n int) (rs, ws []rawFD, err error) {
	for i := 0; i < n; i++ {
		r, w, err := rawPipe()
		if err != nil {
			for j := range rs {
				rawClose(rs[j])
				rawClose(ws[j])
			}
			return nil, nil, fmt.Errorf("opening pipe %d of %d (one per reader, 2 file descriptors each): %w; "+
				"lower concurrency or raise the open-file limit (ulimit -n)", i+1, n, err)
		}
		rs, ws = append(rs, r), append(ws, w)
	}
	return rs, ws, nil
}

func runPipeNetpoller(ctx context.Context, sink opSink, n int, hold time.Duration, maxThreads int) (threadResult, error) {
	n = max(1, n)
	rs := make([]*os.File, 0, n)
	ws := make([]*os.File, 0, n)
	defer func() {
		for _, f := range ws {
			f.Close()
		}
		for _, f := range rs {
			f.Close()
		}
	}()
	for i := 0; i < n; i++ {
		r, w, err := os.Pipe()
		if err != nil {
			return threadResult{}, err
		}
		rs, ws = append(rs, r), append(ws, w)
	}
	if maxThreads > 0 {
		defer debug.SetMaxThreads(debug.SetMaxThreads(maxThreads))
	}
	tp := startThreadPeak(10 * time.Millisecond)
	var wg sync.WaitGroup
	for _, r := range rs {
		wg.Add(1)
		go func(r *os.File) {
			defer wg.Done()
			var b [1]byte
			for {
				t0 := time.Now()
				if _, err := r.Read(b[:]); err != nil {
					return
				}
				sink.Observe(time.Since(t0))
				sink.AddOps(1)
			}
		}(r)
	}
	one := []byte{1}
	for sleepCtx(ctx, hold) {
		for _, w := range ws {
			w.Write(one)
		}
	}
	for _, w := range ws {
		w.Close()
	}
	ws = nil
	wg.Wait()
	return reportThreads(sink, threadResult{peakThreads: tp.stop()}), nil
}

// runSyscallHandoff returns the CPU workers' completed work chunks.
func runSyscallHandoff(ctx context.Context, sink opSink, syscallers int, dur time.Duration, cpuWorkers int) int64 {
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	var chunks atomic.Int64
	for i := 0; i < max(1, syscallers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				t0 := time.Now()
				rawSleep(dur)
				sink.Observe(time.Since(t0))
				sink.AddOps(1)
			}
		}()
	}
	for i := 0; i < cpuWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var x uint64
			var n int64
			for !stop.Load() {
				x += burn(1 << 14)
				n++
			}
			burnSink.Add(x)
			chunks.Add(n)
		}()
	}
	wg.Wait()
	sink.Report("cpu_work_chunks", float64(chunks.Load()), "chunks of 16384 burn iterations")
	return chunks.Load()
}

func runNetpollSaturation(ctx context.Context, sink opSink, clients, busy int, callFree bool, payload int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if stop.Load() {
			c.Close()
			return false
		}
		conns = append(conns, c)
		return true
	}
	closeAll := context.AfterFunc(ctx, func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	defer closeAll()
	defer ln.Close()

	wg.Add(1)
	go func() { // echo server
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !track(c) {
				return
			}
			wg.Add(1)
			go func() { // a plain loop: io.Copy would splice through pooled pipes
				defer wg.Done()
				defer c.Close()
				buf := make([]byte, 32<<10)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if _, werr := c.Write(buf[:n]); werr != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	// Connect every client before the CPU burners start, so set-up does not
	// wait for the netpoller under saturation.
	var dialed []net.Conn
	for i := 0; i < max(1, clients); i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			for _, c := range dialed {
				c.Close()
			}
			ln.Close()
			wg.Wait()
			return err
		}
		if !track(c) {
			break
		}
		dialed = append(dialed, c)
	}
	for i := 0; i < busy; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var x uint64
			for !stop.Load() {
				if callFree {
					x += burn(1 << 20)
				} else {
					spinFor(time.Millisecond)
				}
			}
			burnSink.Add(x)
		}()
	}
	for _, c := range dialed {
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			buf := make([]byte, payload)
			for !stop.Load() {
				t0 := time.Now()
				if _, err := c.Write(buf); err != nil {
					break
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					break
				}
				sink.Observe(time.Since(t0))
				sink.AddOps(1)
			}
		}(c)
	}
	<-ctx.Done()
	wg.Wait()
	return nil
}

func runLockedPingPong(ctx context.Context, sink opSink, pairs int, locked bool) {
	stop, release := pollStop(ctx)
	defer release()
	var wg sync.WaitGroup
	for i := 0; i < max(1, pairs); i++ {
		req, resp := make(chan int), make(chan int)
		wg.Add(2)
		go func() {
			defer wg.Done()
			if locked {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
			}
			for v := range req {
				resp <- v + 1
			}
		}()
		go func() {
			defer wg.Done()
			defer close(req)
			batch := opBatch{sink: sink}
			defer batch.flush()
			for v := 0; !stop.Load(); v++ {
				t0 := time.Now()
				req <- v
				<-resp
				sink.Observe(time.Since(t0))
				batch.add()
			}
		}()
	}
	wg.Wait()
}

// runLockedExitChurn returns how many distinct thread ids ran the goroutines
// (counting stops at 1<<16), or -1 where thread ids are unavailable.
func runLockedExitChurn(ctx context.Context, sink opSink, inflight int, unlock bool) int {
	var mu sync.Mutex
	tids := map[int]struct{}{}
	churnGoroutines(ctx, sink, inflight, func() {
		runtime.LockOSThread()
		tid, ok := threadID()
		if unlock {
			runtime.UnlockOSThread()
		}
		mu.Lock()
		if ok && len(tids) < 1<<16 {
			tids[tid] = struct{}{}
		}
		mu.Unlock()
		// The goroutine returns still locked (unless unlock): that terminates its thread.
	})
	if _, ok := threadID(); !ok {
		sink.Note("distinct threads not counted: no thread ids on " + runtime.GOOS)
		return -1
	}
	sink.Report("distinct_threads", float64(len(tids)), "threads") // counting stops at 65536
	return len(tids)
}
