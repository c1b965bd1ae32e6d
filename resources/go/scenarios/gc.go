package scenarios

// Group gc: GC work that shows up as scheduling and allocation delay — mark
// assists, non-incremental scanning of a huge stack frame, stack growth
// (docs/SCENARIOS.md G1–G3).

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func init() {
	register(
		stress.Scenario{
			ID:    "gc-assist-pressure",
			Group: "gc",
			Title: "Allocation-heavy goroutines pay GC mark assists",
			Mechanism: "Concurrency goroutines allocate `alloc-size` byte objects into a retained ring that keeps " +
				"`live-mib` MiB live, doing `work` call-free iterations between allocations. While a cycle is " +
				"marking, the pacer charges allocating goroutines mark work (assists) in proportion to what they " +
				"allocate, taking their time slices; dedicated mark workers also occupy a quarter of the Ps. " +
				"Lower GOGC means more frequent cycles. Ops are allocations; op latency is each allocation's " +
				"wall time (assist spikes sit in its tail).",
			Source: "golang/go#14951 (over-aggressive assists), #22654, #56966; PR #55159 (assist CPU metrics)",
			Params: []stress.Param{
				intParam("alloc-size", 4096, 8, 1<<20, "bytes per allocation"),
				intParam("live-mib", 32, 0, 4096, "MiB kept live by the ring, across all goroutines"),
				intParam("work", 0, 0, 10_000_000, "call-free iterations between allocations (lowers the allocation rate)"),
				enumParam("gogc", "env", []string{"env", "off", "25", "50", "100", "200", "400"},
					"debug.SetGCPercent for the run (restored after); env keeps GOGC from the environment"),
			},
			Signals: []string{"/cpu/classes/gc/mark/assist:cpu-seconds", "/cpu/classes/gc/total:cpu-seconds",
				"/gc/cycles/automatic:gc-cycles", "/sched/latencies:seconds", "/sched/pauses/total/gc:seconds",
				"op latency p99/max (allocation)"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				return runGCAssist(ctx, env, env.Concurrency, env.IntParam("alloc-size"), env.IntParam("live-mib"),
					env.IntParam("work"), env.Param("gogc"))
			},
		},
		stress.Scenario{
			ID:    "gc-large-stack-scan",
			Group: "gc",
			Title: "A huge stack frame is scanned in one piece",
			Mechanism: "Concurrency goroutines each fill a circular buffer of `ring` slices of `size` bytes, replacing " +
				"one slot per allocation. With where=stack the buffer lives on the goroutine's stack (96 KiB " +
				"chunks in a chain of frames, 2.4 MB at the default size): the GC scans a stack as one unit, so " +
				"that work is not incremental and an allocation that lands in it (as an assist) waits for all " +
				"of it. With where=heap the same chunks are heap objects, scanned one by one. Ops are allocations; op latency is each " +
				"allocation's wall time: compare the p99.99 and worst case between the two.",
			Source: "golang.org/x/benchmarks gc_latency (latency.go); golang/go#27732 (mark assist blocks for 7ms with the buffer on the stack)",
			Params: []stress.Param{
				enumParam("where", "stack", []string{"stack", "heap"}, "where the circular buffer lives"),
				intParam("ring", 100000, ringChunkSlots, ringLen, "slots in the buffer (the stack variant needs 24 bytes of stack per slot)"),
				intParam("size", 256, 8, 1<<20, "bytes per allocation"),
			},
			Signals: []string{"op latency p99/p999/max (allocation)", "/sched/pauses/total/gc:seconds",
				"/cpu/classes/gc/mark/assist:cpu-seconds", "/gc/scan/stack:bytes"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runLargeStackScan(ctx, env, env.Concurrency, env.Param("where") == "stack",
					env.IntParam("ring"), env.IntParam("size"))
				return nil
			},
		},
		stress.Scenario{
			ID:    "stack-growth-churn",
			Group: "gc",
			Title: "Short-lived goroutines that need deep stacks",
			Mechanism: "Concurrency goroutines in flight at a time; each recurses `depth` frames (about 180 bytes " +
				"each, with or without pointers) and exits. Every new goroutine starts on a small stack, so it " +
				"hits morestack and copystack (adjusting pointers into the stack) several times before it is " +
				"deep enough. The runtime sizes new stacks from the average stack scanned at the last GC " +
				"(GODEBUG=adaptivestackstart, on by default since Go 1.19, startup only; =0 turns it off); " +
				"`dwell` parks goroutines at their deepest point so the GC sees deep stacks, and `gc-every` " +
				"forces cycles so that average is refreshed. Ops are " +
				"goroutine lifetimes; op latency is spawn to exit.",
			Source: "runtime BenchmarkStackGrowth/Deep (proc_test.go), BenchmarkIssue18138 (stack_test.go); golang/go#18138, #58472",
			Params: []stress.Param{
				intParam("depth", 128, 1, 100000, "recursion depth per goroutine"),
				boolParam("pointers", true, "frames hold pointers, so copying must adjust them"),
				durParam("dwell", 0, 0, time.Second, "sleep at the deepest frame before returning (deep stacks are then what the GC scans)"),
				durParam("gc-every", 0, 0, 10*time.Second, "force a GC at this interval; 0 = never"),
			},
			Signals: []string{"/gc/stack/starting-size:bytes", "/memory/classes/heap/stacks:bytes",
				"/gc/scan/stack:bytes", "ops_per_s", "op latency p50 (goroutine lifetime)"},
			TimesOps: true,
			Run: func(ctx context.Context, env *stress.Env) error {
				runStackGrowthChurn(ctx, env, env.Concurrency, env.IntParam("depth"), env.BoolParam("pointers"),
					env.DurationParam("dwell"), env.DurationParam("gc-every"))
				return nil
			},
		},
	)
}

// setGCPercent applies a gogc choice and returns the function that restores
// the previous setting.
func setGCPercent(choice string) (restore func(), err error) {
	switch choice {
	case "env", "":
		return func() {}, nil
	case "off":
		old := debug.SetGCPercent(-1)
		return func() { debug.SetGCPercent(old) }, nil
	}
	v, err := strconv.Atoi(choice)
	if err != nil || v < 1 {
		return nil, fmt.Errorf("gogc %q: want env, off or a positive percentage", choice)
	}
	old := debug.SetGCPercent(v)
	return func() { debug.SetGCPercent(old) }, nil
}

func runGCAssist(ctx context.Context, sink opSink, workers, allocSize, liveMiB, work int, gogc string) error {
	restore, err := setGCPercent(gogc)
	if err != nil {
		return err
	}
	defer restore()
	stop, release := pollStop(ctx)
	defer release()
	workers = max(1, workers)
	allocSize = max(1, allocSize)
	slots := max(1, (liveMiB<<20)/allocSize/workers)
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ring := make([][]byte, slots)
			batch := opBatch{sink: sink}
			defer batch.flush()
			var x uint64
			for i := 0; !stop.Load(); i++ {
				if work > 0 {
					x += burn(work)
				}
				t0 := time.Now()
				b := make([]byte, allocSize)
				sink.Observe(time.Since(t0))
				b[0] = byte(i)
				ring[i%slots] = b
				batch.add()
			}
			burnSink.Add(x)
		}()
	}
	wg.Wait()
	return nil
}

// ringLen bounds the circular buffer (x/benchmarks gc_latency uses
// 200,000 slots). The compiler moves any single variable over 128 KiB to the
// heap, so the stack variant builds the buffer from chunks of ringChunkSlots
// slots, one per frame of a recursion, linked through the frames: together
// they make one deep stack that the GC scans as a unit.
const (
	ringLen        = 200_000
	ringChunkSlots = 4096 // 96 KiB of slice headers per chunk
	maxChunks      = (ringLen + ringChunkSlots - 1) / ringChunkSlots
)

type ringChunk struct {
	slots [ringChunkSlots][]byte
	prev  *ringChunk
}

func runLargeStackScan(ctx context.Context, sink opSink, fillers int, onStack bool, n, size int) {
	stop, release := pollStop(ctx)
	defer release()
	n = max(1, min(n, ringLen))
	chunks := (n + ringChunkSlots - 1) / ringChunkSlots
	var wg sync.WaitGroup
	for g := 0; g < max(1, fillers); g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if onStack {
				stackChunks(chunks, nil, stop, sink, n, size)
				return
			}
			var last *ringChunk
			for i := 0; i < chunks; i++ {
				c := new(ringChunk)
				c.prev = last
				last = c
			}
			fillChunks(last, stop, sink, n, size)
		}()
	}
	wg.Wait()
}

// stackChunks puts one chunk in each of `level` frames, then fills them
// from the deepest frame. The chunk pointers only travel down the stack, so
// nothing escapes and every chunk stays on this goroutine's stack.
//
//go:noinline
func stackChunks(level int, prev *ringChunk, stop *pollFlag, sink opSink, n, size int) {
	var c ringChunk
	c.prev = prev
	if level <= 1 {
		fillChunks(&c, stop, sink, n, size)
		return
	}
	stackChunks(level-1, &c, stop, sink, n, size)
}

//go:noinline
func fillChunks(last *ringChunk, stop *pollFlag, sink opSink, n, size int) {
	var chunks [maxChunks]*ringChunk
	k := 0
	for c := last; c != nil && k < len(chunks); c = c.prev {
		chunks[k] = c
		k++
	}
	n = min(n, k*ringChunkSlots)
	batch := opBatch{sink: sink}
	for i := 0; !stop.Load(); i++ {
		t0 := time.Now()
		b := make([]byte, size)
		sink.Observe(time.Since(t0))
		b[0] = byte(i)
		j := i % n
		chunks[j/ringChunkSlots].slots[j%ringChunkSlots] = b
		batch.add()
	}
	batch.flush()
}

func runStackGrowthChurn(ctx context.Context, sink opSink, inflight, depth int, pointers bool, dwell, gcEvery time.Duration) {
	var wg sync.WaitGroup
	if gcEvery > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sleepCtx(ctx, gcEvery) {
				runtime.GC()
			}
		}()
	}
	churnGoroutines(ctx, sink, inflight, func() {
		var r int
		if pointers {
			r = deepPtr(depth, new(int), dwell)
		} else {
			r = deepScalar(depth, 1, dwell)
		}
		burnSink.Add(uint64(r))
	})
	wg.Wait()
}

// deepPtr recurses n frames whose locals hold pointers.
//
//go:noinline
func deepPtr(n int, p *int, dwell time.Duration) int {
	var pad [16]*int
	pad[n%16] = p
	if n <= 0 {
		if dwell > 0 {
			time.Sleep(dwell)
		}
		return *pad[0]
	}
	return deepPtr(n-1, pad[n%16], dwell) + 1
}

// deepScalar recurses n frames of the same size without pointers.
//
//go:noinline
func deepScalar(n int, v uint64, dwell time.Duration) int {
	var pad [16]uint64
	pad[n%16] = v
	if n <= 0 {
		if dwell > 0 {
			time.Sleep(dwell)
		}
		return int(pad[0])
	}
	return deepScalar(n-1, pad[n%16]+1, dwell) + 1
}
