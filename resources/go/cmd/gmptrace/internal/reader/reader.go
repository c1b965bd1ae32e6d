// Package reader is the streaming loop: it reads a trace with x/exp/trace,
// never keeping more than it must, and hands the events on in trace order.
// It turns every failure, including a panic inside the parser, into an error
// and tells apart a readable-but-truncated trace from an unreadable one.
//
// Read parses a stream with one parser. ReadSpans parses the generations of
// a file with up to j independent parsers at once (parallel.go) and hands
// their events to the callback in the order and with the times one parser
// would produce them. ReadDecoded and ReadSpansDecoded do the same but run a
// Decoder for each parser, in a goroutine beside the one reading, so that
// the work of turning events into what the consumer needs is done in
// parallel, and hand the consumer batches with their Pos. Either way
// parsing runs in other goroutines than the consumer, so two cores are used
// even with one parser.
package reader

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// Info describes what was read.
type Info struct {
	GoVersion   string // from the header, e.g. "go1.23" (Go 1.24 writes the 1.23 header)
	Events      uint64
	Syncs       int
	Generations int  // generations read completely
	Partial     bool // a read error after at least one complete generation
	Err         error
	Last        trace.Time // the time of the last event (0 when none)
	// Stopped: the consumer had what it needed and the rest was not read
	// (Generations and Partial then say nothing of it).
	Stopped bool
}

// ErrUnreadable wraps errors that leave nothing usable.
var ErrUnreadable = errors.New("unreadable trace")

// Pos tells a consumer where a batch comes from, so that it can give each
// event the time one parser reading the whole trace would give it.
type Pos struct {
	// Src is the parser (0: the one that began at the start of the trace).
	// A parser that began at a later generation reports every goroutine's
	// and P's status as a transition from Undetermined; one reading from the
	// start knows these states already and reports them as X→X.
	Src int
	// Before is the time of the last event of the parsers before this one
	// (0 for the first).
	Before trace.Time
}

// Resumed: the batch comes from a parser that began at a later generation.
func (p Pos) Resumed() bool { return p.Src > 0 }

// Now is the time of the event with index i and time u in its parser (as
// Decoder.Add got them). A parser moves an event that is not later than the
// one before it to 1 ns after it; across parsers only the merge can do that.
// Times within a parser strictly increase, so the chain of such moves from
// Before reaches event i as Before+i+1 and the time is the later of that and u.
func (p Pos) Now(i int64, u trace.Time) trace.Time {
	return max(u, p.Before+trace.Time(i)+1)
}

// Event is one parsed event as a single parser reading the whole trace from
// its start would give it (the callback of Read and ReadSpans).
type Event struct {
	*trace.Event
	// Now is the event's time (see Pos.Now).
	Now trace.Time
	// Resumed: see Pos.Src.
	Resumed bool
}

// merger hands the batches of one or more parsers, taken in generation
// order, to the consumer and counts what they hold.
type merger[B any] struct {
	fn     func(B, Pos) bool
	info   Info
	pos    Pos
	spanN  int64      // events of the current parser so far
	spanTs trace.Time // time of its latest one
	spares spares[B]  // consumed batches, for the parsers to reuse
}

// feed hands a batch of parser src to the consumer; false when it wants no more.
func (m *merger[B]) feed(b batch[B], src int) bool {
	if src != m.pos.Src {
		if m.spanN > 0 {
			m.pos.Before = Pos{Before: m.pos.Before}.Now(m.spanN-1, m.spanTs)
		}
		m.pos.Src, m.spanN = src, 0
	}
	more := m.fn(b.data, m.pos)
	m.spanN += b.n
	if b.n > 0 {
		m.spanTs = b.last
	}
	m.info.Events += uint64(b.n)
	m.info.Syncs += b.syncs
	return more
}

// finish turns the error that ended the last source into the result.
func (m *merger[B]) finish(e error) (Info, error) {
	m.info.Last = m.pos.Before
	if m.spanN > 0 {
		m.info.Last = m.pos.Now(m.spanN-1, m.spanTs)
	}
	if e == errStopped {
		m.info.Generations = max(0, m.info.Syncs-1)
		m.info.Stopped = true
		return m.info, nil
	}
	return Ended(m.info, e)
}

// Ended completes the Info of a read that ended with e (io.EOF at the
// trace's end) after info.Syncs syncs: a trace with no complete generation
// is unreadable, one cut after some is partial.
func Ended(info Info, e error) (Info, error) {
	info.Generations = max(0, info.Syncs-1)
	if e == io.EOF && info.Generations == 0 {
		// A header and nothing after it (the parser still ends it with a Sync): no
		// generation to analyse, not an empty one.
		return info, fmt.Errorf("%w: the trace holds no generation after its header", ErrUnreadable)
	}
	if e == io.EOF {
		return info, nil
	}
	if info.Generations == 0 {
		return info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}
	info.Partial = true
	info.Err = e
	return info, nil
}

// HeaderVersion is the Go version the header of the trace in f names, e.g.
// "go1.23" ("" when it names none).
func HeaderVersion(f io.ReaderAt) string {
	hdr := make([]byte, genindex.HeaderLen)
	n, _ := f.ReadAt(hdr, 0)
	v, _ := genindex.Version(hdr[:n])
	return v
}

// errStopped ends a read the consumer stopped.
var errStopped = errors.New("stopped by the consumer")

// Read streams r through fn with one parser, until fn returns false (the
// parser is then stopped and Info.Stopped set). It returns an error wrapping
// ErrUnreadable when the input is not a trace or no generation could be
// read; otherwise Info.Partial/Info.Err describe a truncated or corrupt tail.
func Read(r io.Reader, fn func(ev *Event) bool) (info Info, err error) {
	return ReadDecoded(r, newEventDecoder, eventsTo(fn))
}

// ReadDecoded is Read with the events decoded beside the parser by a
// Decoder from newDec(0), and handed to fn in batches (false: no more).
func ReadDecoded[B any](r io.Reader, newDec func(src int) Decoder[B], fn func(B, Pos) bool) (info Info, err error) {
	hdr := make([]byte, genindex.HeaderLen)
	n, _ := io.ReadFull(r, hdr)
	hdr = hdr[:n]
	m := &merger[B]{fn: fn}
	m.info.GoVersion, _ = genindex.Version(hdr)
	whole := io.MultiReader(bytes.NewReader(hdr), r)
	return m.drain(1, 1, func(int) (*parser[B], error) { return startParser(whole, false, newDec(0), &m.spares) })
}

// drain feeds the output of n parsers, opened in order by open with at most
// j alive at once, and returns the result. A panic in the callback is an
// error at that point, like a parser failure.
func (m *merger[B]) drain(n, j int, open func(i int) (*parser[B], error)) (info Info, err error) {
	var ps []*parser[B]
	defer func() {
		for _, p := range ps {
			if p != nil {
				p.stop()
			}
		}
		if p := recover(); p != nil {
			info, err = m.finish(fmt.Errorf("parser failure: %v", p))
		}
	}()
	var openErr error // a parser that could not start ends the trace where its span begins
	for i := 0; i < n; i++ {
		for openErr == nil && len(ps) < min(n, i+max(1, j)) {
			p, e := open(len(ps))
			if e != nil && len(ps) == 0 {
				return m.info, fmt.Errorf("%w: %v", ErrUnreadable, e)
			}
			if e != nil {
				// Every parser reads the same header, so only the first can
				// fail here; still, stop at this span rather than skip it.
				openErr = fmt.Errorf("span %d: %v", len(ps), e)
				break
			}
			ps = append(ps, p)
		}
		if i >= len(ps) {
			return m.finish(openErr)
		}
		p := ps[i]
		p.setLimit(streaming)
		for {
			b := p.next()
			more := m.feed(b, i)
			m.spares.put(b.data)
			if !more {
				return m.finish(errStopped)
			}
			if b.err == nil {
				continue
			}
			if b.err != io.EOF || i == n-1 {
				return m.finish(b.err)
			}
			break
		}
		p.stop()
		ps[i] = nil // its memory can go
	}
	return m.finish(errors.New("internal error: no span"))
}

// eventDecoder keeps the events themselves (for consumers that want the
// whole trace.Event): what Read and ReadSpans hand out one by one.
type eventDecoder struct{ evs []timedEvent }

type timedEvent struct {
	ev trace.Event
	i  int64
	u  trace.Time
}

func newEventDecoder(int) Decoder[[]timedEvent] { return &eventDecoder{} }

func (d *eventDecoder) Add(ev *trace.Event, i int64, u trace.Time) {
	d.evs = append(d.evs, timedEvent{*ev, i, u})
}

func (d *eventDecoder) Len() int { return len(d.evs) }

func (d *eventDecoder) Take(spare []timedEvent) []timedEvent {
	b := d.evs
	d.evs = spare[:0]
	return b
}

// eventsTo hands the events of a batch one by one to fn, until it returns
// false, then clears the batch so its storage no longer holds the
// generation's tables.
func eventsTo(fn func(*Event) bool) func([]timedEvent, Pos) bool {
	var ev Event
	return func(evs []timedEvent, pos Pos) bool {
		defer clear(evs)
		ev.Resumed = pos.Resumed()
		for k := range evs {
			ev.Event, ev.Now = &evs[k].ev, pos.Now(evs[k].i, evs[k].u)
			if !fn(&ev) {
				return false
			}
		}
		return true
	}
}

func newParser(r io.Reader) (tr *trace.Reader, be *batchEndReader, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser failure: %v", p)
		}
	}()
	be, br := newBatchEndReader(r)
	tr, err = trace.NewReader(br)
	return tr, be, err
}
