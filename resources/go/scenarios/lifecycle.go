package scenarios

// Group lifecycle: deadlock detection (checkdead) in a fresh process,
// goroutine leaks, and an idle calibration run (docs/SCENARIOS.md H1, H2 and its calibration note).

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

// deadlockMessage is what the runtime prints when checkdead fires.
const deadlockMessage = "all goroutines are asleep - deadlock!"

func init() {
	register(
		stress.Scenario{
			ID: "deadlock-detection", Group: "lifecycle",
			IgnoresConcurrency: true,
			Title:              "The runtime's deadlock detector in a fresh process",
			Mechanism: "A child process (no sampler, no signal handler, no pprof server) blocks every goroutine: " +
				"variant simple runs select{} in main, locked does it with main locked to its thread, locked2 parks " +
				"a locked goroutine too, goexit ends main with runtime.Goexit. checkdead sees no M running Go code " +
				"and aborts with exit status 2 and \"" + deadlockMessage + "\". Variant listener is the control: " +
				"a goroutine parked in Accept on a loopback listener keeps an M in netpoll, so the detector never " +
				"fires and the parent kills the child at its deadline (golang/go#12734). Ops is 1 when the expected " +
				"outcome happened; the child's exit and stderr tail are in result.json \"child\".",
			Source: "runtime testprog deadlock.go (SimpleDeadlock, LockedDeadlock, LockedDeadlock2, GoexitDeadlock), crash_test.go; golang/go#12734, #61454",
			Params: []stress.Param{enumParam("variant", "simple", []string{"simple", "locked", "locked2", "goexit", "listener"},
				"how the child blocks; listener is the control that must not be detected")},
			Signals:      []string{"child.exit_code", "child.stderr_tail", "ops (1 = expected outcome)"},
			FreshProcess: true,
			ChildMain:    deadlockChild,
			ChildCheck:   deadlockCheck,
		},
		stress.Scenario{
			ID: "goroutine-leak-growth", Group: "lifecycle",
			IgnoresConcurrency: true,
			Title:              "Goroutines leaked at a steady rate",
			Mechanism: "Every `every` the scenario starts `per-tick` goroutines that block forever on a channel nobody " +
				"else holds (pattern send, recv or range). They are never released: the goroutine count, stack " +
				"memory and GC stack-scan work grow for the rest of the process. Ops are leaked goroutines. " +
				"Concurrency is not used.",
			Source: "runtime testdata/testgoroutineleakprofile (simple.go, commonpatterns.go); Go 1.26 goroutine leak profile",
			Params: []stress.Param{durParam("every", time.Millisecond, 10*time.Microsecond, time.Second, "pause between leaks"),
				intParam("per-tick", 1, 1, 10000, "goroutines leaked per tick"),
				enumParam("pattern", "send", []string{"send", "recv", "range"}, "how the leaked goroutine blocks")},
			Signals: []string{"/sched/goroutines:goroutines slope", "/sched/goroutines/waiting:goroutines", "/gc/scan/stack:bytes", "goroutine profile"},
			Run: func(ctx context.Context, env *stress.Env) error {
				runLeak(ctx, env, env.DurationParam("every"), env.IntParam("per-tick"), env.Param("pattern"))
				return nil
			},
		},
		stress.Scenario{
			ID: "idle", Group: "lifecycle",
			IgnoresConcurrency: true,
			Title:              "Idle calibration: the harness alone",
			Mechanism: "Does nothing until the window ends. What it measures is the harness's own footprint " +
				"(sampler wake-ups in /sched/latencies, its goroutines and threads), to subtract from other runs " +
				"made with the same settings. Ops are 0 by design.",
			Source:  "the workbench's calibration run: measure the observer before the observed (docs/SCENARIOS.md)",
			Signals: []string{"/sched/latencies:seconds count", "/sched/goroutines:goroutines", "/sched/threads/total:threads"},
			Run: func(ctx context.Context, env *stress.Env) error {
				<-ctx.Done()
				return nil
			},
		},
	)
}

func deadlockChild(env *stress.Env) {
	switch env.Param("variant") {
	case "simple":
		select {}
	case "locked":
		runtime.LockOSThread()
		select {}
	case "locked2":
		go func() {
			runtime.LockOSThread()
			select {}
		}()
		time.Sleep(time.Millisecond)
		select {}
	case "goexit":
		runtime.Goexit()
	case "listener":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		go ln.Accept()
		select {}
	}
}

func deadlockCheck(env *stress.Env, exit stress.ChildExit) (int64, error) {
	detected := strings.Contains(exit.StderrTail, "deadlock!")
	if env.Param("variant") == "listener" {
		// Control: an M parked in netpoll is not idle, so checkdead must stay silent
		// and the parent stops the child at its deadline (golang/go#12734).
		if detected {
			return 0, fmt.Errorf("control variant: the deadlock detector fired although a listener was open")
		}
		if !exit.TimedOut {
			return 0, fmt.Errorf("control variant: child ended with status %d before its deadline", exit.Code)
		}
		return 1, nil
	}
	switch {
	case detected && exit.Code == 2:
		return 1, nil
	case detected:
		return 0, fmt.Errorf("deadlock reported but exit status %d (want 2)", exit.Code)
	case exit.TimedOut && stress.CgoBuild:
		return 0, fmt.Errorf("deadlock not detected before the deadline: this binary was built with cgo, whose " +
			"extra M keeps checkdead silent; build it with CGO_ENABLED=0")
	case exit.TimedOut:
		return 0, fmt.Errorf("deadlock not detected before the deadline")
	default:
		return 0, fmt.Errorf("child ended with status %d without a deadlock report", exit.Code)
	}
}

func runLeak(ctx context.Context, env *stress.Env, every time.Duration, perTick int, pattern string) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for i := 0; i < perTick; i++ {
			ch := make(chan int)
			switch pattern {
			case "send":
				go func() { ch <- 1 }()
			case "recv":
				go func() { <-ch }()
			case "range":
				go func() {
					for range ch {
					}
				}()
			}
		}
		env.AddOps(int64(perTick))
	}
}
