package stress

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// A tick is stamped when it was read, not when the ticker was due: a loop
// that runs late (here its first read held 40 ms, as a starved scheduler
// holds it) says so in its t, so a rate over ticks divides by the time that
// really passed between the reads.
func TestTickStampedWhenRead(t *testing.T) {
	set := newSampleSet([]string{"/sched/goroutines:goroutines"})
	var out bytes.Buffer
	t0 := time.Now()
	first, heldUntil := true, time.Time{}
	tk := startTicker(set, &out, 10*time.Millisecond, t0, func() {
		if first {
			first = false
			time.Sleep(40 * time.Millisecond)
			heldUntil = time.Now()
		}
	})
	time.Sleep(100 * time.Millisecond)
	if err := tk.close(); err != nil {
		t.Fatal(err)
	}
	line, _, _ := bytes.Cut(out.Bytes(), []byte("\n"))
	var tick struct {
		T float64 `json:"t"`
	}
	if err := json.Unmarshal(line, &tick); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	// t is written to the microsecond: read after heldUntil, it is at most a microsecond below it
	// (the ticker's due time was 40 ms below).
	if stamped := time.Duration(tick.T * float64(time.Second)); stamped < heldUntil.Sub(t0)-time.Microsecond {
		t.Errorf("the first tick says %v; it was read after %v", stamped, heldUntil.Sub(t0))
	}
}

// The window's last tick states the ops read at its end, and no tick of the
// loop comes between that reading and the tick: none states more (a loop tick
// written in between once made the series' ops go back at its end).
func TestWindowEndTickIsTheLastAndItsOpsTheWindows(t *testing.T) {
	set := newSampleSet([]string{"/sched/goroutines:goroutines"})
	var out bytes.Buffer
	tk := startTicker(set, &out, 2*time.Millisecond, time.Now(), func() {})
	env, err := NewEnv(1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tk.startWindow(env, false)
	stop := make(chan struct{})
	counting := make(chan struct{})
	go func() {
		defer close(counting)
		for {
			select {
			case <-stop:
				return
			default:
				env.AddOps(1)
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	var windowOps int64
	tk.endWindow(func() int64 {
		windowOps = env.Ops()
		// Ops go on, and the loop's ticks fall due, while the window's end is read.
		time.Sleep(10 * time.Millisecond)
		return windowOps
	})
	time.Sleep(10 * time.Millisecond)
	close(stop)
	<-counting
	if err := tk.close(); err != nil {
		t.Fatal(err)
	}
	var last int64 = -1
	ticks := ticksOf(t, out.Bytes())
	for _, tick := range ticks {
		if tick.Ops < last || tick.Phase != "measure" {
			t.Fatalf("ticks %s", out.Bytes())
		}
		last = tick.Ops
	}
	if len(ticks) < 3 || last != windowOps {
		t.Fatalf("%d ticks, the last says %d ops, the window %d", len(ticks), last, windowOps)
	}
}

// A window without a warm-up gets no warm-up tick, however long the setup
// before it took; one after a warm-up closes it, however short.
func TestWarmUpTickOnlyAfterAWarmUp(t *testing.T) {
	for _, warmedUp := range []bool{false, true} {
		set := newSampleSet([]string{"/sched/goroutines:goroutines"})
		var out bytes.Buffer
		tk := startTicker(set, &out, time.Second, time.Now(), func() {})
		time.Sleep(150 * time.Millisecond) // more than a tenth of the interval: a setup
		env, _ := NewEnv(1, nil, nil)
		tk.startWindow(env, warmedUp)
		tk.endWindow(env.Ops)
		if err := tk.close(); err != nil {
			t.Fatal(err)
		}
		got := bytes.Count(out.Bytes(), []byte(`"phase":"warmup"`))
		if want := map[bool]int{false: 0, true: 1}[warmedUp]; got != want {
			t.Fatalf("warmed up %v: %d warm-up ticks, want %d\n%s", warmedUp, got, want, out.Bytes())
		}
	}
}
