package reader

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"golang.org/x/exp/trace"
)

// Queue limits, in batches: a parser whose output is being consumed runs at
// most a few batches ahead; one whose turn has not come keeps everything it
// decodes (that is how generations are parsed at once).
const (
	streaming = 4
	unbounded = math.MaxInt
)

// BatchSize is how many delivered events a parser decodes before it hands a
// batch over.
const BatchSize = 4096

// Decoder turns the events one parser delivers into batches of B. It runs in
// a goroutine of the parser's own, beside the one reading, so whatever it
// does per event runs in parallel with the reading, the other parsers and
// the consumer.
type Decoder[B any] interface {
	// Add decodes a delivered event: i is its index among the events this
	// parser delivered, u its time (strictly increasing within a parser).
	// A Sync always starts a new batch.
	Add(ev *trace.Event, i int64, u trace.Time)
	// Len is the number of events added since the last Take.
	Len() int
	// Take hands over what was decoded since the last Take and goes on into
	// spare's storage (spare is the zero B when none was recycled).
	Take(spare B) B
}

// batch is a slice of one parser's output; the last one carries the error
// that ended it (io.EOF when clean).
type batch[B any] struct {
	data  B
	n     int64      // events delivered in this batch
	syncs int        // Sync events among them
	last  trace.Time // time of the parser's latest delivered event so far
	err   error
}

// delivered is a batch's events as read, before decoding: the reading
// hands them to the decoding goroutine.
type delivered struct {
	evs   []trace.Event
	times []trace.Time // each event's strictly increasing time
	first int64        // the index of evs[0] among the parser's events
	syncs int
	last  trace.Time // the parser's latest time when the batch was handed over (a Sync's that starts the next one)
	err   error
}

// parser runs one x/exp/trace reader in a goroutine and a Decoder in
// another, and queues the decoded batches.
type parser[B any] struct {
	mu      sync.Mutex
	cond    sync.Cond
	queue   []batch[B]
	limit   int
	stopped bool
	spares  *spares[B]
}

// spares is the storage of consumed batches, shared by the parsers of one
// read: the consumer gives back what it took from the parser it follows,
// and the parsers ahead of it, which keep everything they decode until
// their turn, take it instead of allocating.
type spares[B any] struct {
	mu   sync.Mutex
	free []B
}

// maxSpares bounds the storage kept for reuse (a few MB of records).
const maxSpares = 32

func (s *spares[B]) put(b B) {
	s.mu.Lock()
	if len(s.free) < maxSpares {
		s.free = append(s.free, b)
	}
	s.mu.Unlock()
}

// get returns a spare, or the zero B when there is none.
func (s *spares[B]) get() B {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b B
	if n := len(s.free); n > 0 {
		b = s.free[n-1]
		s.free[n-1] = *new(B)
		s.free = s.free[:n-1]
	}
	return b
}

var errCancelled = errors.New("cancelled")

// inFlight is how many batches of read events wait for their decoding: the
// reading runs that far ahead, and their storage is recycled.
const inFlight = 2

// startParser reads the trace header from r and starts parsing. Its last
// Sync (the parser's end of trace) is dropped when dropLastSync: the next
// generation, parsed apart, begins with its own.
func startParser[B any](r io.Reader, dropLastSync bool, dec Decoder[B], sp *spares[B]) (*parser[B], error) {
	tr, be, err := newParser(r)
	if err != nil {
		return nil, err
	}
	p := &parser[B]{limit: unbounded, spares: sp}
	p.cond.L = &p.mu
	read, recycled, quit := make(chan delivered, inFlight), make(chan delivered, inFlight+1), make(chan struct{})
	go p.read(tr, be, dropLastSync, read, recycled, quit)
	go p.decode(dec, read, recycled, quit)
	return p, nil
}

// read delivers the parser's events to the decoding in batches: every event
// but a final Sync that is to be dropped, with times made strictly
// increasing as one parser makes them (x/exp does this already for Go 1.22+
// traces). Once quit is closed it stops at its next batch.
func (p *parser[B]) read(tr *trace.Reader, be *batchEndReader, dropLastSync bool, out chan<- delivered, recycled <-chan delivered, quit <-chan struct{}) {
	defer close(out)
	var (
		held    trace.Event // a Sync, kept back until we know it is not the last event
		holding bool
		n       int64 // events delivered
		u       trace.Time
		cur     delivered
	)
	fresh := func() delivered {
		select {
		case d := <-recycled:
			return delivered{evs: d.evs[:0], times: d.times[:0], first: n}
		default:
			return delivered{evs: make([]trace.Event, 0, BatchSize), times: make([]trace.Time, 0, BatchSize), first: n}
		}
	}
	cur = fresh()
	flush := func(err error) bool {
		cur.last, cur.err = u, err
		select {
		case <-quit: // nothing decodes any more: not a batch more read for nothing
			return false
		default:
		}
		select {
		case out <- cur:
		case <-quit:
			return false
		}
		cur = fresh()
		return true
	}
	deliver := func(ev *trace.Event) bool {
		t := ev.Time()
		if n > 0 && t <= u {
			t = u + 1
		}
		u = t
		if ev.Kind() == trace.EventSync {
			if len(cur.evs) > 0 && !flush(nil) {
				return false
			}
			cur.syncs++
		}
		cur.evs, cur.times = append(cur.evs, *ev), append(cur.times, t)
		n++
		return len(cur.evs) < BatchSize || flush(nil)
	}
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("parser failure: %v", r)
			}
		}()
		var ev trace.Event
		for {
			var e error
			ev, e = tr.ReadEvent()
			if e == io.EOF && be.stoppedEarly() {
				e = errors.New("internal error: the parser ended the trace before its last byte")
			}
			if e != nil {
				err = e
				return
			}
			if holding {
				holding = false
				if !deliver(&held) {
					err = errCancelled
					return
				}
			}
			if ev.Kind() == trace.EventSync {
				held, holding = ev, true
				continue
			}
			if !deliver(&ev) {
				err = errCancelled
				return
			}
		}
	}()
	if err == errCancelled {
		return
	}
	if holding && !(err == io.EOF && dropLastSync) && !deliver(&held) {
		return
	}
	flush(err)
}

// decode decodes the batches read, queues them, and recycles their
// storage. A batch that carries an error is the parser's last; a panic of
// the decoder ends the parser as a failure of the reader's would, after the
// events decoded before it. quit tells the reading to stop: on every return,
// since nothing reads its batches any more.
func (p *parser[B]) decode(dec Decoder[B], in <-chan delivered, recycled chan<- delivered, quit chan<- struct{}) {
	defer close(quit)
	for d := range in {
		b := decodeBatch(dec, d)
		b.data = dec.Take(p.spares.get())
		if !p.put(b) || b.err != nil {
			return
		}
		select {
		case recycled <- d:
		default:
		}
	}
}

// decodeBatch adds d's events to dec. A panic of dec ends the batch there,
// as the parser's failure, with the events added before it and the time of
// the one it broke on (the parser's latest, as when the reading fails).
func decodeBatch[B any](dec Decoder[B], d delivered) (b batch[B]) {
	b = batch[B]{syncs: d.syncs, last: d.last, err: d.err}
	defer func() {
		if r := recover(); r != nil {
			b.err, b.last = fmt.Errorf("parser failure: %v", r), d.times[b.n]
		}
	}()
	for k := range d.evs {
		dec.Add(&d.evs[k], d.first+int64(k), d.times[k])
		b.n++
	}
	return b
}

// put queues b, waiting while the queue is at its limit; false once stopped.
func (p *parser[B]) put(b batch[B]) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) >= p.limit && !p.stopped {
		p.cond.Wait()
	}
	if p.stopped {
		return false
	}
	p.queue = append(p.queue, b)
	p.cond.Broadcast()
	return true
}

// next takes the oldest batch, waiting for one.
func (p *parser[B]) next() batch[B] {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 {
		p.cond.Wait()
	}
	b := p.queue[0]
	p.queue[0] = batch[B]{}
	p.queue = p.queue[1:]
	p.cond.Broadcast()
	return b
}

func (p *parser[B]) setLimit(n int) {
	p.mu.Lock()
	p.limit = n
	p.cond.Broadcast()
	p.mu.Unlock()
}

// stop releases a parser that is waiting to queue more.
func (p *parser[B]) stop() {
	p.mu.Lock()
	p.stopped = true
	p.queue = nil
	p.cond.Broadcast()
	p.mu.Unlock()
}
