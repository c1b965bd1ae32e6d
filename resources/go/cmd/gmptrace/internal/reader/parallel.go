package reader

import (
	"io"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// Span is a byte range [Off, End) of a trace file that one parser reads
// after the trace header: a generation, or the tail after the last one.
type Span struct{ Off, End int64 }

// Spans lists the generations of an index as spans of their own, one parser
// each, for a size-byte file. Bytes after the last complete generation (a
// cut or corrupt tail) are read by the parser of that generation, which goes
// on into them: how far a parser gets into a cut generation depends on what
// it knows from the generation before (a goroutine it saw run, say), and one
// that began at the cut would stop at another event than a single parser
// reading the whole trace does.
func Spans(ix genindex.Index, size int64) []Span {
	var spans []Span
	for _, g := range ix.Generations {
		spans = append(spans, Span{g.Offset, g.End})
	}
	switch last := len(spans) - 1; {
	case last < 0:
		spans = append(spans, Span{genindex.HeaderLen, size})
	case spans[last].End < size:
		spans[last].End = size
	}
	return spans
}

// ReadSpans reads spans of the trace in f with one independent parser per
// span, each over the trace header plus the span's bytes (the shape of a
// flight-recorder dump), up to j at a time, and hands fn the events in the
// order and with the times a single parser reading those spans in a row
// would give, until fn returns false. The last span ends the trace: a parser that fails there fails
// as a single parser would at that point. The parser of the span being
// consumed runs a few batches ahead; the j−1 after it keep all they parse
// until their turn, so memory grows with j.
func ReadSpans(f io.ReaderAt, spans []Span, j int, fn func(ev *Event) bool) (Info, error) {
	return ReadSpansDecoded(f, spans, j, newEventDecoder, eventsTo(fn))
}

// ReadSpansDecoded is ReadSpans with the events decoded beside each parser
// by a Decoder from newDec(span index), and handed to fn in
// batches, in order (false: no more).
func ReadSpansDecoded[B any](f io.ReaderAt, spans []Span, j int, newDec func(src int) Decoder[B], fn func(B, Pos) bool) (Info, error) {
	hdr := make([]byte, genindex.HeaderLen)
	n, _ := f.ReadAt(hdr, 0)
	hdr = hdr[:n]
	m := &merger[B]{fn: fn}
	m.info.GoVersion, _ = genindex.Version(hdr)
	return m.drain(len(spans), j, func(i int) (*parser[B], error) {
		s := spans[i]
		r := io.MultiReader(io.NewSectionReader(f, 0, int64(len(hdr))), io.NewSectionReader(f, s.Off, s.End-s.Off))
		return startParser(r, i < len(spans)-1, newDec(i), &m.spares)
	})
}

// FromStart is the one span a parser reads from the trace's start to end,
// for reading again generations the index says are whole but a parser that
// began at one of them could not read. In a trace of Go 1.24 or earlier a
// thread's goroutine may be known only from the generation before (seen: a
// GoBlock on a thread whose goroutine no status of its generation names), so
// a parser that begins at a generation can fail where one from the trace's
// start, the reference with every check x/exp/trace makes, does not.
func FromStart(ix genindex.Index, end int64) []Span {
	return []Span{{Off: ix.Generations[0].Offset, End: end}}
}

// GotFurther reports whether the reading again from the trace's start
// (again, err) got past generation failedAt (counted from the first), where
// the first reading failed: only then does its answer replace the first (a
// generation it refuses too keeps the first answer).
func GotFurther(again Info, err error, failedAt int) bool {
	return err == nil && (!again.Partial || again.Generations > failedAt)
}
