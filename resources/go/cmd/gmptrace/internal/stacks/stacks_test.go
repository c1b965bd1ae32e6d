package stacks

import (
	"fmt"
	"slices"
	"testing"
	"unsafe"

	"golang.org/x/exp/trace"
)

// Frames of a goroutine blocking at two lines of main.wait, both reached
// from one line of main.worker (leaf first, as the tracer writes them).
var (
	recv  = trace.StackFrame{PC: 0x1000, Func: "runtime.chanrecv1", File: "/go/src/runtime/chan.go", Line: 509}
	waitA = trace.StackFrame{PC: 0x2010, Func: "main.wait", File: "/app/main.go", Line: 20}
	waitB = trace.StackFrame{PC: 0x2020, Func: "main.wait", File: "/app/main.go", Line: 21}
	call  = trace.StackFrame{PC: 0x3000, Func: "main.worker", File: "/app/main.go", Line: 30}
)

// A stack gets the next ID the first time its frames are seen and keeps it
// in later generations, where the same frames come as another trace.Stack;
// stacks share the indexes of their common frames; frames are copied out of
// the generation's tables; NewGeneration empties the generation's cache.
func TestInternSharesFramesAndStacksAcrossGenerations(t *testing.T) {
	tab := New()
	a, b := trace.MakeStack([]trace.StackFrame{recv, waitA, call}), trace.MakeStack([]trace.StackFrame{recv, waitB, call})
	if id := tab.Intern(trace.NoStack); id != 0 {
		t.Errorf("Intern(NoStack) = %d, want 0", id)
	}
	idA, idB := tab.Intern(a), tab.Intern(b)
	if idA != 1 || idB != 2 || tab.Intern(a) != 1 {
		t.Fatalf("IDs %d, %d (then %d again); want 1, 2, 1", idA, idB, tab.Intern(a))
	}
	// Frame indexes in first-seen order: recv 0, waitA 1, worker 2, waitB 3.
	if fa, fb := tab.Frames(idA), tab.Frames(idB); !slices.Equal(fa, []uint32{0, 1, 2}) || !slices.Equal(fb, []uint32{0, 3, 2}) || tab.NumFrames() != 4 {
		t.Errorf("frames %v and %v of %d; want [0 1 2] and [0 3 2] of 4", fa, fb, tab.NumFrames())
	}
	if f := tab.Frame(3); f != (Frame{PC: 0x2020, Func: "main.wait", File: "/app/main.go", Line: 21}) {
		t.Errorf("frame 3 = %+v, want waitB", f)
	}
	if got := tab.Funcs(idB); !slices.Equal(got, []string{"runtime.chanrecv1", "main.wait", "main.worker"}) {
		t.Errorf("Funcs = %q", got)
	}
	if tab.Frames(0) != nil || tab.Funcs(0) != nil || tab.Frames(99) != nil {
		t.Errorf("empty or unknown stack: frames %v, funcs %v, frames of 99 %v", tab.Frames(0), tab.Funcs(0), tab.Frames(99))
	}
	// The frame's strings are copies, not the generation table's.
	f, kept := slices.Collect(a.Frames())[0], tab.Frame(0)
	if unsafe.StringData(kept.Func) == unsafe.StringData(f.Func) || unsafe.StringData(kept.File) == unsafe.StringData(f.File) {
		t.Errorf("frame 0 (%s) shares its strings with the generation's tables", kept.Func)
	}

	tab.NewGeneration()
	if len(tab.gen) != 0 {
		t.Errorf("after NewGeneration the cache still holds %d stacks of the last generation", len(tab.gen))
	}
	a2 := trace.MakeStack([]trace.StackFrame{recv, waitA, call}) // the same frames in a new generation
	prefix := trace.MakeStack([]trace.StackFrame{recv, waitA})   // a stack of fewer of them is another
	if id, idP := tab.Intern(a2), tab.Intern(prefix); id != 1 || idP != 3 || !slices.Equal(tab.Frames(idP), []uint32{0, 1}) {
		t.Errorf("IDs %d and %d (frames %v); want 1 and 3 ([0 1])", id, idP, tab.Frames(idP))
	}
	if tab.NumFrames() != 4 || len(tab.gen) != 2 {
		t.Errorf("%d frames, %d stacks cached; want 4, 2", tab.NumFrames(), len(tab.gen))
	}
}

// A stack deeper than MaxDepth keeps its MaxDepth leaf-most frames, and is
// then the same stack as one of just those frames.
func TestInternKeepsTheLeafmostMaxDepthFrames(t *testing.T) {
	frames := make([]trace.StackFrame, 200)
	for i := range frames {
		frames[i] = trace.StackFrame{PC: uint64(0x1000 + i), Func: fmt.Sprintf("main.f%d", i), File: "/app/main.go", Line: uint64(i + 1)}
	}
	tab := New()
	id := tab.Intern(trace.MakeStack(frames))
	funcs := tab.Funcs(id)
	if len(funcs) != 128 || funcs[0] != "main.f0" || funcs[127] != "main.f127" || tab.NumFrames() != 128 {
		t.Fatalf("%d frames kept (%d known), from %s to %s; want 128, main.f0 to main.f127", len(funcs), tab.NumFrames(), funcs[0], funcs[len(funcs)-1])
	}
	if again := tab.Intern(trace.MakeStack(frames[:128])); again != id {
		t.Errorf("the 128 leaf-most frames alone got ID %d, want %d", again, id)
	}
}

// stack is frames as a trace.Stack, NoStack for none.
func stack(frames []trace.StackFrame) trace.Stack {
	if frames == nil {
		return trace.NoStack
	}
	return trace.MakeStack(frames)
}

// goEvent is a transition from -> to of goroutine 7, made by x/exp/trace as
// its parser makes one: the event's stack is ev (whoever acted), the
// transition's own stack is own.
func goEvent(t *testing.T, from, to trace.GoState, ev, own []trace.StackFrame) (*trace.Event, trace.StateTransition) {
	t.Helper()
	st := trace.MakeGoStateTransition(7, from, to)
	st.Stack = stack(own)
	g := trace.GoID(7)
	if from == trace.GoNotExist || from == trace.GoWaiting {
		g = 1 // created or woken by goroutine 1
	}
	e, err := trace.MakeEvent(trace.EventConfig[trace.StateTransition]{
		Kind: trace.EventStateTransition, Time: 100, Goroutine: g, Proc: 0, Thread: 1,
		Stack: stack(ev), Details: st,
	})
	if err != nil {
		t.Fatalf("%s -> %s: %v", from, to, err)
	}
	return &e, e.StateTransition()
}

// The start function is the outermost frame of the goroutine's own stack:
// its creation's new stack (not its creator's), a status's stack, or the
// stack it stopped running at; waking it (the waker's stack), starting it
// or a status without stack do not tell it.
func TestStartFuncIsTheOutermostFrameOfItsOwnStack(t *testing.T) {
	creator := []trace.StackFrame{{PC: 0x10, Func: "main.spawn", File: "/app/main.go", Line: 8}, {PC: 0x11, Func: "main.main", File: "/app/main.go", Line: 3}}
	start := []trace.StackFrame{{PC: 0x3001, Func: "main.worker", File: "/app/main.go", Line: 28}}
	blocked := []trace.StackFrame{recv, waitA, call}
	parked := []trace.StackFrame{{PC: 0x900, Func: "runtime.gopark", File: "/go/src/runtime/proc.go", Line: 462}, recv, waitA, call}
	waker := []trace.StackFrame{{PC: 0x1100, Func: "runtime.chansend1", File: "/go/src/runtime/chan.go", Line: 161}, {PC: 0x12, Func: "main.main", File: "/app/main.go", Line: 4}}
	spin := []trace.StackFrame{{PC: 0x4000, Func: "main.spin", File: "/app/main.go", Line: 40}, call}

	for _, c := range []struct {
		name     string
		from, to trace.GoState
		ev, own  []trace.StackFrame
		want     string // "" when not known
	}{
		{"created", trace.GoNotExist, trace.GoRunnable, creator, start, "main.worker"},
		{"created blocked", trace.GoNotExist, trace.GoWaiting, creator, start, "main.worker"},
		{"status with stack", trace.GoUndetermined, trace.GoWaiting, parked, parked, "main.worker"},
		{"status without stack", trace.GoUndetermined, trace.GoRunnable, nil, nil, ""},
		{"blocks", trace.GoRunning, trace.GoWaiting, blocked, nil, "main.worker"},
		{"preempted", trace.GoRunning, trace.GoRunnable, spin, nil, "main.worker"},
		{"enters a syscall", trace.GoRunning, trace.GoSyscall, spin, nil, "main.worker"},
		{"exits", trace.GoRunning, trace.GoNotExist, nil, nil, ""},
		{"woken", trace.GoWaiting, trace.GoRunnable, waker, nil, ""},
		{"starts running", trace.GoRunnable, trace.GoRunning, nil, nil, ""},
	} {
		ev, st := goEvent(t, c.from, c.to, c.ev, c.own)
		if n := len(slices.Collect(ev.Stack().Frames())); n != len(c.ev) {
			t.Fatalf("%s: the event carries %d frames, want %d", c.name, n, len(c.ev))
		}
		if from, to := st.Goroutine(); from != c.from || to != c.to {
			t.Fatalf("%s: the event reads %s -> %s", c.name, from, to)
		}
		name, ok := StartFunc(ev.Stack(), st.Stack, c.from)
		if name != c.want || ok != (c.want != "") {
			t.Errorf("%s: StartFunc = %q, %v; want %q, %v", c.name, name, ok, c.want, c.want != "")
		}
	}
}

// Names hands out one copy per distinct string, sharing no memory with the
// string it was given.
func TestNamesInternCopiesOnce(t *testing.T) {
	n := Names{}
	s := string([]byte("main.worker.func1")) // built at run time, as a table's string is
	c := n.Intern(s)
	if c != s || unsafe.StringData(c) == unsafe.StringData(s) {
		t.Errorf("Intern(%q) = %q, sharing memory: %v", s, c, unsafe.StringData(c) == unsafe.StringData(s))
	}
	other := string([]byte(s))
	if again := n.Intern(other); unsafe.StringData(again) != unsafe.StringData(c) {
		t.Errorf("an equal string got a second copy")
	}
	if n.Intern("main.main"); len(n) != 2 {
		t.Errorf("%d names, want 2", len(n))
	}
}
