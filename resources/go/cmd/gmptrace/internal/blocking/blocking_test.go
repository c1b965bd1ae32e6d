package blocking

import "testing"

// Waits add up per reason; a reason seen but never ended is not reported; an
// Unblock without a Block (a goroutine already waiting when the trace began)
// adds nothing; the profile holds the same counts and delays.
func TestBlockedTimeByReason(t *testing.T) {
	tr := New()
	recv, sleep, never := tr.Reason("chan receive"), tr.Reason("sleep"), tr.Reason("select")
	if again := tr.Reason("chan receive"); again != recv {
		t.Fatalf("a reason asked twice got indexes %d and %d", recv, again)
	}
	var a, b, c GState
	tr.Block(&a, 100, recv, 0)
	tr.Unblock(&a, 350) // 250 ns
	tr.Block(&a, 1000, recv, 0)
	tr.Unblock(&a, 1100) // 100 ns more
	tr.Block(&b, 0, sleep, 0)
	tr.Unblock(&b, 5000)
	tr.Unblock(&b, 9000) // not blocked any more: nothing
	tr.Unblock(&c, 42)   // never seen blocking: nothing
	tr.Block(&c, 50, never, 0)

	got := tr.ByReason()
	want := map[string]int64{"chan receive": 350, "sleep": 5000}
	if len(got) != len(want) || got["chan receive"] != 350 || got["sleep"] != 5000 {
		t.Errorf("ByReason = %v, want %v", got, want)
	}
	if n, d := tr.Prof.Total(0), tr.Prof.Total(1); n != 3 || d != 5350 {
		t.Errorf("profile totals: %d contentions, %d ns; want 3 and 5350", n, d)
	}
}
