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
