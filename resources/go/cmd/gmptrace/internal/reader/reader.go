// Package reader is the streaming loop: it reads a trace with x/exp/trace one
// event at a time, hands each event to a callback and never keeps events.
// It turns every failure, including a panic inside the parser, into an error
// and tells apart a readable-but-truncated trace from an unreadable one.
//
// Read parses a stream with one parser. ReadSpans parses the generations of
// a file with up to j independent parsers at once (parallel.go) and hands
// their events to the callback in the order one parser would produce them.
// Either way parsing runs in other goroutines than the callback, so two cores
// are used even with one parser. Events stay in order.
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
}

// ErrUnreadable wraps errors that leave nothing usable.
var ErrUnreadable = errors.New("unreadable trace")

// Event is one parsed event as a single parser reading the whole trace from
// its start would give it.
type Event struct {
	*trace.Event
	// Now is the event's time. A parser moves an event that is not later
	// than the one before it to 1 ns after it; across generations parsed
	// apart, only the merge can do that, so Now is the time to use.
	Now trace.Time
	// Resumed: the event comes from a parser that began at a later
	// generation. Such a parser reports every goroutine's and P's status as a
	// transition from Undetermined; one parser reading from the start knows
	// these states already and reports them as X→X.
	Resumed bool
}

const batchSize = 1024

// source is one parser's output: batches of events, the last carrying the
// error that ended it (io.EOF when clean).
type batch struct {
	evs []trace.Event
	err error
}

// merger turns the output of one or more parsers, taken in generation order,
// into the event sequence of a single parser and counts what it sees.
type merger struct {
	fn     func(*Event)
	info   Info
	lastTs trace.Time
	ev     Event
}

// feed hands a batch of source src (0 = the parser that began at the start
// of the trace) to the callback.
func (m *merger) feed(evs []trace.Event, src int) {
	m.ev.Resumed = src > 0
	for i := range evs {
		ev := &evs[i]
		now := ev.Time()
		if now <= m.lastTs {
			now = m.lastTs + 1 // as the parser does, across generations parsed apart
		}
		m.lastTs = now
		m.info.Events++
		if ev.Kind() == trace.EventSync {
			m.info.Syncs++
		}
		m.ev.Event, m.ev.Now = ev, now
		m.fn(&m.ev)
	}
}

// finish turns the error that ended the last source into the result.
func (m *merger) finish(e error) (Info, error) {
	m.info.Generations = max(0, m.info.Syncs-1)
	if e == io.EOF {
		return m.info, nil
	}
	if m.info.Generations == 0 {
		return m.info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}
	m.info.Partial = true
	m.info.Err = e
	return m.info, nil
}

// Read streams r through fn with one parser. It returns an error wrapping
// ErrUnreadable when the input is not a trace or no generation could be
// read; otherwise Info.Partial/Info.Err describe a truncated or corrupt tail.
func Read(r io.Reader, fn func(ev *Event)) (info Info, err error) {
	hdr := make([]byte, genindex.HeaderLen)
	n, _ := io.ReadFull(r, hdr)
	hdr = hdr[:n]
	m := &merger{fn: fn}
	m.info.GoVersion, _ = genindex.Version(hdr)
	whole := io.MultiReader(bytes.NewReader(hdr), r)
	return m.drain(1, 1, func(int) (*parser, error) { return startParser(whole, false) })
}

// drain feeds the output of n parsers, opened in order by open with at most
// j alive at once, and returns the result. A panic in the callback is an
// error at that point, like a parser failure.
func (m *merger) drain(n, j int, open func(i int) (*parser, error)) (info Info, err error) {
	var ps []*parser
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
			m.feed(b.evs, i)
			p.recycle(b.evs)
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

func newParser(r io.Reader) (tr *trace.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser failure: %v", p)
		}
	}()
	return trace.NewReader(r)
}
