package wire

import (
	"fmt"
	"io"
	"slices"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// Stream reads the timed events one thread wrote in one generation, in the
// order it wrote them, reading its batches from the file one at a time: it
// holds one batch (the largest it read so far, at most 64 KiB), whatever
// the generation's size.
type Stream struct {
	M       uint64
	r       io.ReaderAt
	batches []genindex.Batch
	next    int // index of the batch to read after the current one
	buf     []byte
	dec     *Decoder
	tick    float64 // nanoseconds per tick (genindex.Generation.NsPerTick)
	last    int64
	pos     Pos // where the current event was read from
	// Event is the current event, Time its time in nanoseconds as
	// x/exp/trace reckons it (before its reader moves an event that is not
	// after the one it returned before to 1 ns after it).
	Event
	Time int64
}

// Streams opens one Stream per thread of generation g, in the order of
// each thread's first event batch in the file.
func Streams(r io.ReaderAt, minor int, g genindex.Generation) []*Stream {
	byM := map[uint64]*Stream{}
	var out []*Stream
	for _, b := range g.Batches {
		if b.Kind != genindex.KindEvents {
			continue
		}
		s := byM[b.M]
		if s == nil {
			s = &Stream{M: b.M, r: r, dec: NewDecoder(Specs(minor)), tick: g.NsPerTick}
			byM[b.M] = s
			out = append(out, s)
		}
		s.batches = append(s.batches, b)
	}
	return out
}

// Next moves to the thread's next event; false when it has no more.
func (s *Stream) Next() (bool, error) { return s.NextOf(nil) }

// NextOf moves to the thread's next event of a type in want (of any type
// when nil); false when it has no more. The events it passes are decoded as
// far as their times only, several times cheaper.
func (s *Stream) NextOf(want *[256]bool) (bool, error) {
	for {
		if want != nil {
			if dt, ok := s.dec.skip(want); ok {
				s.last += int64(float64(dt) * s.tick)
				continue
			}
		}
		at := s.dec.Offset()
		ok, err := s.dec.Next(&s.Event)
		if err != nil {
			return false, s.fail(err)
		}
		if ok {
			s.pos = Pos{Batch: s.next - 1, At: at}
			if !specs[s.Type].Timed {
				return false, s.fail(fmt.Errorf("%s in an event batch", specs[s.Type].Name))
			}
			// As x/exp/trace: the batch's base time, then each event's
			// ticks since the one before, each converted on its own.
			s.Time = int64(float64(s.Args[0])*s.tick) + s.last
			s.last = s.Time
			return true, nil
		}
		if s.next == len(s.batches) {
			return false, nil
		}
		if err := s.load(s.batches[s.next]); err != nil {
			return false, err
		}
		s.next++
	}
}

// Pos is where a thread's current event lies: the batch (an index into its
// generation's event batches of that thread) and the event's offset in the
// batch's data.
type Pos struct{ Batch, At int }

// Pos is where the current event was read from: Seek there reads it again.
func (s *Stream) Pos() Pos { return s.pos }

// Seek reads the event at p as the current one, and goes on from there. It
// decodes the batch's events before it (a batch is at most 64 KiB), which
// gives the current event its time and proves that p is where one begins.
func (s *Stream) Seek(p Pos) error {
	if p.Batch < 0 || p.Batch >= len(s.batches) {
		return fmt.Errorf("thread %d: no batch %d of %d", s.M, p.Batch, len(s.batches))
	}
	if err := s.load(s.batches[p.Batch]); err != nil {
		return err
	}
	s.next = p.Batch + 1
	for {
		ok, err := s.Next()
		switch {
		case err != nil:
			return err
		case !ok || s.next != p.Batch+1 || s.pos.At > p.At:
			return s.fail(fmt.Errorf("no event begins at data offset %d", p.At))
		case s.pos.At == p.At:
			return nil
		}
	}
}

// load reads a batch's data into the stream's one buffer.
func (s *Stream) load(b genindex.Batch) error {
	s.buf = slices.Grow(s.buf[:0], int(b.Size))[:b.Size] // its size, not 64 KiB: a thread may write little
	if _, err := s.r.ReadAt(s.buf, b.Data); err != nil {
		return fmt.Errorf("thread %d: reading the batch at offset %d: %w", s.M, b.Data, err)
	}
	s.dec.Reset(s.buf)
	s.last = int64(float64(b.Tick) * s.tick)
	return nil
}

func (s *Stream) fail(err error) error {
	b := s.batches[s.next-1]
	return fmt.Errorf("thread %d, batch at offset %d: %w", s.M, b.Data, err)
}

// Rest is a stream of its own over s's events from its current one on (its
// current event at once), s left where it is.
func (s *Stream) Rest() (*Stream, error) {
	rest := &Stream{M: s.M, r: s.r, batches: s.batches, dec: NewDecoder(s.dec.specs), tick: s.tick}
	if err := rest.Seek(s.pos); err != nil {
		return nil, err
	}
	return rest, nil
}
