package mmu

import "math"

// Windows are the window sizes of the curve: 1 µs × 10^(k/6) rounded to a
// nanosecond (six a decade, so 1, 10, 100 ms… are among them) up to 10^5 s.
// Those not shorter than the trace are left out and the trace's own length
// is added last.
var Windows = func() []int64 {
	var ws []int64
	for k := 0; ; k++ {
		w := int64(math.Round(1e3 * math.Pow(10, float64(k)/6)))
		if w > 1e14 {
			return ws
		}
		ws = append(ws, w)
	}
}()

// Buckets bounds the memory of one window size: the utilisation function is
// kept at a resolution of b = ⌊w / Buckets⌋ ns (at least 1 ns, which is
// exact: trace times are whole nanoseconds). Within a bucket that holds a
// change the function is replaced by its mean over the bucket, so its
// integral is exact at every bucket edge and off by at most b/4 in between;
// the mean over a window is then off by at most b/(2w) ≤ 1/(2·Buckets) =
// 0.000122. A window size keeps at most w/b + 2 ≤ 2·Buckets + 2 steps.
const Buckets = 4096

// Point is the MMU for one window size.
type Point struct {
	Window int64   // ns
	MMU    float64 // in [0, 1]
	// At is where the worst window begins (ns, trace time).
	At int64
	// Err bounds |MMU − exact MMU| (0: exact).
	Err float64
}

// cstep is a step of a window's coarse function with the integral of the
// function from the start up to T.
type cstep struct {
	t   int64
	u   float64
	cum float64
}

type window struct {
	w, b int64
	t0   int64

	// The bucket holding the latest change (open), and the integral of the
	// function from its start up to accT.
	open    int64
	openEnd int64
	accU    float64
	accT    int64
	cur     float64

	q     []cstep // coarse steps still needed, from q[0]
	l     int     // left edge of the right-aligned candidate: its step
	p     int     // next step to try as a window's left edge
	r     int     // right edge of that window: its step
	best  float64
	at    int64
	tried bool // a window has been evaluated
}

// Curve computes the MMU for every window size of Windows from the steps of
// the utilisation function, given in time order, in bounded memory.
type Curve struct {
	ws   []*window
	pend Step // the latest step: a change, unless it is the last
	n    int
}

func NewCurve() *Curve { return &Curve{} }

// Add takes the next step of the utilisation function.
func (c *Curve) Add(s Step) {
	switch c.n {
	case 0:
		// The function starts here: bucket 0 of every window holds s.U.
		for _, w := range Windows {
			c.ws = append(c.ws, &window{w: w, b: max(1, w/Buckets), t0: s.T, accT: s.T, cur: s.U, openEnd: s.T + max(1, w/Buckets)})
		}
	default:
		for _, w := range c.ws {
			w.change(c.pend)
		}
	}
	c.pend = s
	c.n++
}

func (w *window) bucketStart(k int64) int64 { return w.t0 + k*w.b }

// change: the function is s.U from s.T on.
func (w *window) change(s Step) {
	if s.T < w.openEnd {
		// Most changes of a large window size fall in its open bucket.
		w.accU += w.cur * float64(s.T-w.accT)
		w.accT, w.cur = s.T, s.U
		return
	}
	// The change opens a later bucket: the open one is complete.
	k := (s.T - w.t0) / w.b
	w.accU += w.cur * float64(w.openEnd-w.accT)
	w.emit(w.bucketStart(w.open), w.accU/float64(w.b), false)
	if k > w.open+1 {
		w.emit(w.openEnd, w.cur, false) // buckets with no change keep the value
	}
	w.open, w.accT, w.accU = k, w.bucketStart(k), 0
	w.openEnd = w.bucketStart(k + 1)
	w.accU += w.cur * float64(s.T-w.accT)
	w.accT, w.cur = s.T, s.U
}

// finish closes the function at end.
func (w *window) finish(end int64) {
	bEnd := min(end, w.bucketStart(w.open+1))
	w.accU += w.cur * float64(bEnd-w.accT)
	start := w.bucketStart(w.open)
	w.emit(start, w.accU/float64(bEnd-start), false)
	if end > bEnd {
		w.emit(bEnd, w.cur, false)
	}
	w.emit(end, 0, true)
}

// integral is the integral of the coarse function from the start to x,
// with q[i] the last step at or before x.
func (w *window) integral(i int, x int64) float64 {
	s := w.q[i]
	return s.cum + s.u*float64(x-s.t)
}

func (w *window) consider(t int64, mu float64) {
	if mu < w.best || !w.tried {
		w.best, w.at, w.tried = mu, t, true
	}
}

// emit appends a step of the coarse function and tries every window that
// now lies inside the known part of it. The mean over a window of a step
// function, as a function of the window's start, is piecewise linear with
// corners where either edge meets a step, so those starts are the only
// candidates for the minimum.
func (w *window) emit(t int64, u float64, last bool) {
	n := len(w.q)
	if n > 0 {
		prev := w.q[n-1]
		if prev.u == u && !last {
			return
		}
		w.q = append(w.q, cstep{t, u, prev.cum + prev.u*float64(t-prev.t)})
	} else {
		w.q = append(w.q, cstep{t, u, 0})
	}
	j := len(w.q) - 1
	win := float64(w.w)
	// The window that ends at this step.
	if tl := t - w.w; tl >= w.t0 {
		for w.l+1 < j && w.q[w.l+1].t <= tl {
			w.l++
		}
		w.consider(tl, (w.q[j].cum-w.integral(w.l, tl))/win)
	}
	// The windows that begin at a step and end by now.
	for w.p < j && w.q[w.p].t+w.w <= t {
		tr := w.q[w.p].t + w.w
		w.r = max(w.r, w.p)
		for w.r+1 <= j && w.q[w.r+1].t <= tr {
			w.r++
		}
		w.consider(w.q[w.p].t, (w.integral(w.r, tr)-w.q[w.p].cum)/win)
		w.p++
	}
	// Steps before both edges are no longer needed.
	if drop := min(w.l, w.p); drop > len(w.q)/2 && drop > 64 {
		w.q = append(w.q[:0], w.q[drop:]...)
		w.l -= drop
		w.p -= drop
		w.r -= drop
	}
}

// Finish ends the function at the time of the last step and returns the
// curve: a point per window size shorter than the function, then one for
// its whole length (its mean utilisation). Nil when the function has no
// length.
func (c *Curve) Finish() []Point {
	if c.n < 2 {
		return nil
	}
	end := c.pend.T
	length := end - c.ws[0].t0
	if length <= 0 {
		return nil
	}
	var pts []Point
	var total float64
	for i, w := range c.ws {
		if w.w >= length {
			break
		}
		w.finish(end)
		if i == 0 {
			total = w.q[len(w.q)-1].cum // exact: 1 ns buckets
		}
		var err float64
		if w.b > 1 {
			err = float64(w.b) / float64(2*w.w)
		}
		pts = append(pts, Point{Window: w.w, MMU: clamp01(w.best), At: w.at, Err: err})
	}
	if len(pts) == 0 {
		w := c.ws[0]
		w.finish(end)
		total = w.q[len(w.q)-1].cum
	}
	pts = append(pts, Point{Window: length, MMU: clamp01(total / float64(length)), At: c.ws[0].t0})
	c.ws = nil
	return pts
}

// clamp01 removes rounding residue (a mean of values in [0, 1]).
func clamp01(x float64) float64 { return min(1, max(0, x)) }
