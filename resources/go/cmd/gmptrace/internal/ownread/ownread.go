// Package ownread runs gmptrace's own reader (internal/order) in a goroutine
// of its own and hands its events, in order, to a consumer in batches, each
// of one generation: the reading and ordering on one core, what the consumer
// makes of the events (x/exp/trace's meaning, and the analysis or the window
// built on it) on another. A Decoder can move part of that work out of the
// consumer, into a goroutine of its own beside the reading.
package ownread

import (
	"fmt"
	"io"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// BatchLen is at most how many events a batch holds.
const BatchLen = 1024

// Decoder turns events into what the consumer takes: in the reading
// goroutine for the events themselves (Read), in one beside it for
// ReadDecoded's. A batch never spans two generations.
type Decoder[B any] interface {
	// Add decodes ev, the i-th event of the reading; tables are its
	// generation's.
	Add(ev *order.Event, tables order.Tables, i int64)
	// Take hands over what was decoded since the last Take and goes on into
	// spare's storage (spare is the zero B when none came back yet).
	Take(spare B) B
}

// Batch is events of one generation, in order, as Read hands them.
type Batch struct {
	Events []order.Event
	Tables order.Tables // the generation's
}

// Read reads the generations ix lists of the trace in f (and its cut
// generation, as order.Reader does) and hands their events to fn until fn
// returns false (Info.Stopped) or the events end. Info says what fn was
// given, as reader.Read's does; a panic inside the reader or inside fn ends
// the reading there with an error, as a parser's failure does.
func Read(f io.ReaderAt, ix genindex.Index, fn func(b *Batch) bool) (reader.Info, error) {
	return ReadFrom(f, order.NewReader(f, ix), Options{}, fn)
}

// ReadFrom is Read from src, a reader new or resumed (order.Resume), as opt
// says. A resumed reading's Info counts the generations src began before it
// among those read.
func ReadFrom(f io.ReaderAt, src *order.Reader, opt Options, fn func(b *Batch) bool) (reader.Info, error) {
	// The events themselves: nothing to decode beside the reading.
	return readDecoded(f, src, &batcher{cur: newBatch()}, produce[*Batch], opt, fn)
}

// Options of a reading.
type Options struct {
	Save Saving
	// FirstStatusesAfter: once the reading has an event after this time in
	// its reader's first generation, the rest of that generation is read
	// for its first statuses only, and the reading ends after them
	// (order.Reader.SkipToFirstStatuses): all a window query needs past its
	// window. 0: never (a trace's times are after it).
	FirstStatusesAfter int64
}

// Saving says when a reading saves its reader's state, for a later reading
// to resume from (order.Resume).
type Saving struct {
	// Every: at least this many events between two snapshots (none when ≤ 0).
	Every int64
	// Before: only after events before this time.
	Before int64
	// Save takes each snapshot, in the consumer's goroutine, once the
	// consumer has had every event before it and none after.
	Save func(*order.Snapshot)
}

// batcher is the Decoder of Read: the events themselves.
type batcher struct{ cur *Batch }

func newBatch() *Batch { return &Batch{Events: make([]order.Event, 0, BatchLen)} }

func (d *batcher) Add(ev *order.Event, tables order.Tables, _ int64) {
	d.cur.Tables = tables
	d.cur.Events = append(d.cur.Events, *ev)
}

func (d *batcher) Take(spare *Batch) *Batch {
	b := d.cur
	if spare == nil {
		spare = newBatch()
	}
	d.cur, spare.Events = spare, spare.Events[:0]
	return b
}

// chunk is a decoded batch and what the reading counts of it.
type chunk[B any] struct {
	data  B
	n     int             // events
	syncs int             // of which syncs
	last  trace.Time      // the time of the last one
	snap  *order.Snapshot // the reader's state after the last one, when saved there
}

// ReadDecoded is Read with the events decoded by dec, in a goroutine beside
// the reading one, and fn given what dec made of them: reading, decoding and
// fn's work then share the cores, where the reading and ordering alone cost
// about what fn's analysis does.
func ReadDecoded[B any](f io.ReaderAt, ix genindex.Index, dec Decoder[B], fn func(B) bool) (reader.Info, error) {
	return readDecoded(f, order.NewReader(f, ix), dec, produceDecoded[B], Options{}, fn)
}

// producer is produce, or produceDecoded: what sends a reading's chunks.
type producer[B any] func(src *order.Reader, dec Decoder[B], opt Options, out chan<- chunk[B], spares <-chan B, stop <-chan struct{}) error

func readDecoded[B any](f io.ReaderAt, src *order.Reader, dec Decoder[B], producer producer[B], opt Options, fn func(B) bool) (info reader.Info, err error) {
	info.GoVersion = reader.HeaderVersion(f)
	info.Syncs = src.Begun()
	chunks := make(chan chunk[B], 4)
	spares := make(chan B, cap(chunks)+2)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(chunks)
		readErr = producer(src, dec, opt, chunks, spares, stop)
	}()
	stopped := false
	defer func() {
		// However this ends, the reading goroutine ends too (at its next send) and leaves nothing behind.
		if !stopped {
			close(stop)
		}
		for range chunks {
		}
		if p := recover(); p != nil {
			info, err = reader.Ended(info, fmt.Errorf("parser failure: %v", p))
		}
	}()
	for c := range chunks {
		if !fn(c.data) {
			stopped = true
			close(stop)
			return reader.Info{GoVersion: info.GoVersion, Stopped: true}, nil
		}
		info.Events += uint64(c.n)
		info.Syncs += c.syncs
		info.Last = c.last
		if c.snap != nil {
			opt.Save.Save(c.snap)
		}
		select {
		case spares <- c.data:
		default:
		}
	}
	return reader.Ended(info, readErr)
}

// produceDecoded is produce with the decoding in this goroutine and the
// reading in another, which hands it batches of events. However it ends,
// the reading has ended when it returns.
func produceDecoded[B any](src *order.Reader, dec Decoder[B], opt Options, out chan<- chunk[B], spares <-chan B, stop <-chan struct{}) error {
	read := make(chan chunk[*Batch], 2)
	recycled := make(chan *Batch, cap(read)+2)
	quit := make(chan struct{})
	var readErr error
	go func() {
		defer close(read)
		readErr = produce(src, &batcher{cur: newBatch()}, opt, read, recycled, quit)
	}()
	decodeErr := decode(dec, read, recycled, out, spares, stop)
	close(quit)
	for range read { // the reading stops at its next send
	}
	if decodeErr != nil {
		return decodeErr
	}
	return readErr
}

// decode decodes the batches read with dec and sends them on, until they
// end or stop is closed (nil); a panic of dec ends it with an error, the
// batch it broke on unsent.
func decode[B any](dec Decoder[B], in <-chan chunk[*Batch], recycled chan<- *Batch, out chan<- chunk[B], spares <-chan B, stop <-chan struct{}) error {
	var n int64 // events decoded
	for c := range in {
		if err := decodeBatch(dec, c.data, &n); err != nil {
			return err
		}
		var spare B
		select {
		case spare = <-spares:
		default:
		}
		d := chunk[B]{data: dec.Take(spare), n: c.n, syncs: c.syncs, last: c.last, snap: c.snap}
		select {
		case recycled <- c.data:
		default:
		}
		select {
		case out <- d:
		case <-stop:
			return nil
		}
	}
	return nil
}

// decodeBatch adds b's events to dec, counting them in n, and returns a
// panic of dec as an error.
func decodeBatch[B any](dec Decoder[B], b *Batch, n *int64) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reader failure: %v", p)
		}
	}()
	for k := range b.Events {
		dec.Add(&b.Events[k], b.Tables, *n)
		*n++
	}
	return nil
}

// produce reads src's events, decodes them with dec and sends them to out
// until the trace ends (io.EOF, or the error that ended it) or stop is
// closed (nil); a snapshot, as opt.Save says, ends a chunk.
func produce[B any](src *order.Reader, dec Decoder[B], opt Options, out chan<- chunk[B], spares <-chan B, stop <-chan struct{}) (err error) {
	var (
		c       chunk[B]
		tables  = src.Tables() // a resumed reader's generation's; a new one begins with a Sync
		n       int64
		ev      order.Event
		save    = opt.Save
		saveAt  = save.Every
		skip    = opt.FirstStatusesAfter != 0 // not yet skipped
		reading bool                          // in src.ReadEvent
	)
	send := func() bool {
		var spare B
		select {
		case spare = <-spares:
		default:
		}
		c.data = dec.Take(spare)
		select {
		case <-stop: // nothing takes chunks any more: not one more read for nothing
			return false
		default:
		}
		select {
		case out <- c:
		case <-stop:
			return false
		}
		c = chunk[B]{}
		return true
	}
	// A panic inside the reader ends the reading as its errors do, after
	// the events read before it; one anywhere else (dec, a snapshot, the
	// skip) leaves its batch unsent. One recovery for the whole reading: a
	// deferred function per event cost more than the check of reading.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reader failure: %v", p)
			if reading && c.n > 0 && !send() {
				err = nil
			}
		}
	}()
	for {
		reading = true
		rerr := src.ReadEvent(&ev)
		reading = false
		if rerr != nil {
			if c.n > 0 && !send() {
				return nil
			}
			return rerr
		}
		if ev.Type == wire.EvSync {
			// A generation's events go with its tables: a new one starts a batch.
			if c.n > 0 && !send() {
				return nil
			}
			tables = src.Tables()
			c.syncs++
		}
		dec.Add(&ev, tables, n)
		n++
		c.n++
		c.last = trace.Time(ev.Time)
		if skip && ev.Time > opt.FirstStatusesAfter {
			skip = false
			if _, serr := src.SkipToFirstStatuses(); serr != nil {
				if !send() {
					return nil
				}
				return serr
			}
		}
		if save.Every > 0 && n >= saveAt && ev.Time < save.Before {
			// Not every point between events can be saved: then the next one.
			if c.snap, _ = src.Snapshot(); c.snap != nil {
				saveAt = n + save.Every
				if !send() {
					return nil
				}
				continue
			}
		}
		if c.n == BatchLen && !send() {
			return nil
		}
	}
}
