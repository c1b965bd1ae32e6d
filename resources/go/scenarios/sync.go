package scenarios

// Group sync: sync.Mutex starvation mode, spinning versus parking, and RWMutex
// reader/writer interaction (docs/SCENARIOS.md D1–D3).

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID:    "mutex-starvation-handoff",
			Group: "sync",
			Title: "Mutex starvation mode hands the lock to a starved waiter",
			Mechanism: "Barging goroutines (one per concurrency) re-lock a sync.Mutex in a loop and hold it for `hold`. " +
				"A victim goroutine locks once every `victim-pause`. A waiter blocked for more than 1ms " +
				"(starvationThresholdNs) switches the mutex to FIFO handoff, which bounds the victim's wait. " +
				"With victim-lock=trylock-poll the victim polls TryLock and never queues, so starvation mode " +
				"cannot help it: the unfair baseline. Ops are victim acquisitions; op latency is the victim's wait.",
			Source: "sync TestMutexFairness (mutex_test.go); starvationThresholdNs; golang/go#13086",
			Params: []stress.Param{
				durParam("hold", 100*time.Microsecond, time.Microsecond, 10*time.Millisecond,
					"how long each barger holds the lock"),
				enumParam("hold-mode", "sleep", []string{"sleep", "spin"},
					"sleep parks the holder with the lock held (as TestMutexFairness); spin keeps it on CPU"),
				durParam("victim-pause", 100*time.Microsecond, 0, 100*time.Millisecond,
					"victim's pause between acquisitions"),
				enumParam("victim-lock", "lock", []string{"lock", "trylock-poll"},
					"lock queues on the mutex (starvation mode applies); trylock-poll polls TryLock every 20µs"),
			},
			Signals: []string{"op latency max/p99 (victim wait)", "ops_per_s (victim acquisitions)",
				"/sync/mutex/wait/total:seconds", "/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runMutexStarvation(ctx, env, env.Concurrency, env.DurationParam("hold"),
					env.Param("hold-mode") == "spin", env.DurationParam("victim-pause"),
					env.Param("victim-lock") == "trylock-poll")
				return nil
			},
		},
		stress.Scenario{
			ID:    "mutex-spin-vs-park",
			Group: "sync",
			Title: "Mutex spinning versus parking under contention",
			Mechanism: "Concurrency goroutines lock one sync.Mutex, do `cs-work` call-free iterations inside, then " +
				"touch `local-words` words of private memory outside. With short critical sections a waiter " +
				"spins (only on multicore while other Ps run) and wins without parking; with more goroutines " +
				"than Ps or long critical sections waiters park in semacquire and wake through the scheduler. " +
				"Ops are lock/unlock rounds; op latency is the lock acquisition time (1 in 32 rounds sampled).",
			Source: "sync BenchmarkMutex, BenchmarkMutexWork, BenchmarkMutexSpin/NoSpin (mutex_test.go); golang/go#33747",
			Params: []stress.Param{
				intParam("cs-work", 50, 0, 1_000_000, "call-free iterations inside the critical section"),
				intParam("local-words", 4096, 0, 1<<20, "uint64 words of private memory touched (stride 4) between locks"),
			},
			Signals: []string{"ops_per_s", "op latency p99 (acquire)", "/sync/mutex/wait/total:seconds",
				"/sched/latencies:seconds", "/cpu/classes/user:cpu-seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runMutexSpin(ctx, env, env.Concurrency, env.IntParam("cs-work"), env.IntParam("local-words"))
				return nil
			},
		},
		stress.Scenario{
			ID:    "rwmutex-write-ratio",
			Group: "sync",
			Title: "RWMutex throughput against the write ratio",
			Mechanism: "Concurrency goroutines take a sync.RWMutex: one op in `write-every` is a write (Lock), the rest " +
				"are reads (RLock). A pending writer blocks new readers (writer preference) and waits for active " +
				"readers to drain, so even a small write ratio serializes readers. write-every=0 is read-only. " +
				"Ops are lock rounds (reads and writes); op latency is the writers' acquisition wait.",
			Source: "sync benchmarkRWMutex, BenchmarkRWMutexWrite100/Write10/WorkWrite100 (rwmutex_test.go); HammerRWMutex",
			Params: []stress.Param{
				intParam("write-every", 100, 0, 1_000_000, "one write per this many ops per goroutine; 0 = read-only"),
				intParam("read-work", 100, 0, 1_000_000, "call-free iterations under RLock"),
				intParam("write-work", 100, 0, 1_000_000, "call-free iterations under Lock"),
			},
			Signals: []string{"ops_per_s", "op latency p99/max (writer wait)", "/sync/mutex/wait/total:seconds",
				"/sched/latencies:seconds"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runRWMutex(ctx, env, env.Concurrency, env.IntParam("write-every"),
					env.IntParam("read-work"), env.IntParam("write-work"))
				return nil
			},
		},
	)
}

// starvationResult is what tests look at beyond the sink.
type starvationResult struct {
	acquisitions int
	longest      time.Duration // longest victim wait, including one still pending at the end
}

func runMutexStarvation(ctx context.Context, sink opSink, bargers int, hold time.Duration, spinHold bool,
	pause time.Duration, tryPoll bool) starvationResult {
	stop, release := pollStop(ctx)
	defer release()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < max(1, bargers); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				mu.Lock()
				if spinHold {
					spinFor(hold)
				} else {
					time.Sleep(hold)
				}
				mu.Unlock()
			}
		}()
	}
	var res starvationResult
	const pollEvery = 20 * time.Microsecond
	for !stop.Load() {
		if pause > 0 {
			time.Sleep(pause)
		}
		t0 := time.Now()
		if tryPoll {
			got := false
			for !stop.Load() {
				if mu.TryLock() {
					got = true
					break
				}
				time.Sleep(pollEvery)
			}
			if !got {
				res.longest = max(res.longest, time.Since(t0)) // censored: still waiting at the end
				break
			}
		} else {
			mu.Lock()
		}
		d := time.Since(t0)
		mu.Unlock()
		res.longest = max(res.longest, d)
		res.acquisitions++
		sink.Observe(d)
		sink.AddOps(1)
	}
	wg.Wait()
	sink.Report("victim_longest_wait", res.longest.Seconds(), "s") // includes a wait still pending at the end
	return res
}

func runMutexSpin(ctx context.Context, sink opSink, workers, csWork, localWords int) {
	stop, release := pollStop(ctx)
	defer release()
	var mu sync.Mutex
	var shared [2]uint64
	var wg sync.WaitGroup
	for g := 0; g < max(1, workers); g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]uint64, localWords)
			batch := opBatch{sink: sink}
			defer batch.flush()
			for i := 0; !stop.Load(); i++ {
				if i%32 == 0 {
					t0 := time.Now()
					mu.Lock()
					sink.Observe(time.Since(t0))
				} else {
					mu.Lock()
				}
				if stop.Load() { // don't make the other waiters sit through more work
					mu.Unlock()
					break
				}
				shared[0] -= 100
				shared[1] += burn(csWork)
				mu.Unlock()
				for j := 0; j < len(local); j += 4 {
					local[j]++
				}
				batch.add()
			}
		}()
	}
	wg.Wait()
	burnSink.Add(shared[1])
}

type rwResult struct{ reads, writes int64 }

func runRWMutex(ctx context.Context, sink opSink, workers, writeEvery, readWork, writeWork int) rwResult {
	stop, release := pollStop(ctx)
	defer release()
	var rw sync.RWMutex
	var guarded uint64
	var reads, writes atomic.Int64
	var wg sync.WaitGroup
	workers = max(1, workers)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			batch := opBatch{sink: sink}
			defer batch.flush()
			var r, w int64
			var acc uint64
			// Stagger the workers so their writes do not line up.
			n := 1
			if writeEvery > 0 {
				n += g * writeEvery / workers
			}
			for ; !stop.Load(); n++ {
				if writeEvery > 0 && n%writeEvery == 0 {
					t0 := time.Now()
					rw.Lock()
					sink.Observe(time.Since(t0))
					if stop.Load() {
						rw.Unlock()
						break
					}
					guarded += burn(writeWork)
					rw.Unlock()
					w++
				} else {
					rw.RLock()
					acc += burn(readWork) ^ guarded
					rw.RUnlock()
					r++
				}
				batch.add()
			}
			burnSink.Add(acc)
			reads.Add(r)
			writes.Add(w)
		}(g)
	}
	wg.Wait()
	res := rwResult{reads: reads.Load(), writes: writes.Load()}
	sink.Report("reads", float64(res.reads), "ops")
	sink.Report("writes", float64(res.writes), "ops")
	return res
}
