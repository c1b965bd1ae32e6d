package mmu

import (
	"math"
	"math/rand"
	"testing"
)

// bruteMMU evaluates the mean over every window whose edge meets a step of
// the exact function (the only candidates for the minimum).
func bruteMMU(steps []Step, w int64) (float64, int64) {
	t0, end := steps[0].T, steps[len(steps)-1].T
	integral := func(x int64) float64 {
		var s float64
		for i := 0; i+1 < len(steps) && steps[i].T < x; i++ {
			s += steps[i].U * float64(min(x, steps[i+1].T)-steps[i].T)
		}
		return s
	}
	best, at := math.Inf(1), int64(0)
	try := func(t int64) {
		if t < t0 || t+w > end {
			return
		}
		if mu := (integral(t+w) - integral(t)) / float64(w); mu < best {
			best, at = mu, t
		}
	}
	for _, s := range steps {
		try(s.T)
		try(s.T - w)
	}
	return best, at
}

func randomSteps(rng *rand.Rand, n int, maxGap int64, procs int) []Step {
	steps := []Step{{T: 1000, U: 1}}
	t := int64(1000)
	for i := 0; i < n; i++ {
		t += 1 + rng.Int63n(maxGap)
		u := 1 - float64(rng.Intn(procs+1))/float64(procs)
		if u == steps[len(steps)-1].U {
			continue
		}
		steps = append(steps, Step{t, u})
	}
	t += 1 + rng.Int63n(maxGap)
	return append(steps, Step{t, 0})
}

// The streamed curve equals the brute-force MMU at every window size,
// exactly for 1 ns buckets and within the stated bound otherwise.
func TestCurveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 30; trial++ {
		gap := []int64{50, 2000, 200000}[trial%3]
		steps := randomSteps(rng, 400, gap, 1+trial%4)
		c := NewCurve()
		for _, s := range steps {
			c.Add(s)
		}
		pts := c.Finish()
		length := steps[len(steps)-1].T - steps[0].T
		if last := pts[len(pts)-1]; last.Window != length {
			t.Fatalf("last point %d, want the length %d", last.Window, length)
		}
		for _, p := range pts {
			want, _ := bruteMMU(steps, p.Window)
			if p.Err == 0 && p.Window <= Buckets && math.Abs(p.MMU-want) > 1e-9 {
				t.Fatalf("trial %d w=%d: %v, want exactly %v", trial, p.Window, p.MMU, want)
			}
			if math.Abs(p.MMU-want) > p.Err+1e-9 {
				t.Fatalf("trial %d w=%d: %v, want %v ± %v", trial, p.Window, p.MMU, want, p.Err)
			}
			if got, _ := bruteAt(steps, p.Window, p.At); math.Abs(got-p.MMU) > 2*p.Err+1e-9 {
				t.Fatalf("trial %d w=%d: the window at %d has %v, reported %v", trial, p.Window, p.At, got, p.MMU)
			}
		}
	}
}

func bruteAt(steps []Step, w, t int64) (float64, bool) {
	var s float64
	for i := 0; i+1 < len(steps); i++ {
		lo, hi := max(t, steps[i].T), min(t+w, steps[i+1].T)
		if hi > lo {
			s += steps[i].U * float64(hi-lo)
		}
	}
	return s / float64(w), true
}

// Memory per window size stays bounded however many steps there are.
func TestCurveMemoryIsBounded(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	c := NewCurve()
	tm := int64(0)
	u := 1.0
	for i := 0; i < 300000; i++ {
		c.Add(Step{tm, u})
		tm += 1 + rng.Int63n(5000)
		u = 1.5 - u
	}
	for _, w := range c.ws {
		// Live steps span one window plus a bucket; the queue is compacted
		// when more than half of it is dead.
		if limit := 2*(int(w.w/w.b)+3) + 64; len(w.q) > limit {
			t.Errorf("window %d keeps %d steps", w.w, len(w.q))
		}
	}
	c.Add(Step{tm, 0})
	if pts := c.Finish(); len(pts) < 30 {
		t.Fatalf("%d points", len(pts))
	}
}

// BenchmarkCurveAdd: the cost of one change of the utilisation function
// (every window size takes it). Run by the lead on a quiet machine:
// go test -run '^$' -bench CurveAdd ./internal/mmu
func BenchmarkCurveAdd(b *testing.B) {
	rng := rand.New(rand.NewSource(3))
	c := NewCurve()
	tm, u := int64(0), 1.0
	for i := 0; i < b.N; i++ {
		c.Add(Step{tm, u})
		tm += 1 + rng.Int63n(20000)
		u = 1.5 - u
	}
}
