package syscalls

import (
	"testing"

	"golang.org/x/exp/trace"
)

// Each P is held by the call that began on it, until the P is taken or the
// call ends; a call restored from a checkpoint holds its P again only if it
// had not lost it; a P taken from nobody, or from a call that ended or was
// dropped, changes nothing; a call back Runnable with no steal seen lost its
// P from its start.
func TestHoldsFollowEachPToItsCall(t *testing.T) {
	h := NewHolds()
	var a, b, c, restored, lostBefore Hold
	h.Begin(&a, 100, 0)
	h.Begin(&b, 110, 1)
	h.Begin(&c, 120, trace.NoProc)
	h.Taken(0, 150)
	h.Taken(0, 160) // the P is no longer a's
	h.End(&b, trace.GoRunning)
	h.Taken(1, 170) // b ended holding it
	h.End(&c, trace.GoRunnable)
	if a.LostAt != 150 || b.LostAt != 0 || c.LostAt != 120 {
		t.Errorf("lost at %d, %d, %d; want 150, 0 (kept it), 120 (its start)", a.LostAt, b.LostAt, c.LostAt)
	}

	restored = Hold{Begin: 200, P: 2}
	lostBefore = Hold{Begin: 210, P: 3, LostAt: 215}
	h.Resume(&restored)
	h.Resume(&lostBefore)
	h.Taken(2, 250)
	h.Taken(3, 260)
	if restored.LostAt != 250 || lostBefore.LostAt != 215 {
		t.Errorf("restored calls lost at %d, %d; want 250, 215 (before the checkpoint)", restored.LostAt, lostBefore.LostAt)
	}

	var dropped Hold
	h.Begin(&dropped, 300, 4)
	h.Drop(&dropped)
	h.Taken(4, 350)
	if dropped.LostAt != 0 || len(h.onP) != 0 {
		t.Errorf("a dropped call lost its P at %d, %d Ps still held; want 0, 0", dropped.LostAt, len(h.onP))
	}
}
