package reader

import (
	"io"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// ReadGenerations reads the trace in f (size bytes, indexed by ix) with one
// independent parser per generation, each over the trace header plus that
// generation's bytes (the shape of a flight-recorder dump), up to j at a
// time, and hands fn the events in the order and with the times a single
// parser would give. Bytes after the last complete generation (a cut or
// corrupt tail) go to one more parser, which fails as a single parser would
// at that point. The parser of the generation being consumed runs a few
// batches ahead; the j−1 after it keep all they parse until their turn, so
// memory grows with j.
func ReadGenerations(f io.ReaderAt, size int64, ix genindex.Index, j int, fn func(ev *Event)) (Info, error) {
	hdr := make([]byte, genindex.HeaderLen)
	n, _ := f.ReadAt(hdr, 0)
	hdr = hdr[:n]
	m := &merger{fn: fn}
	m.info.GoVersion, _ = genindex.Version(hdr)

	type span struct{ off, end int64 }
	var spans []span
	for _, g := range ix.Generations {
		spans = append(spans, span{g.Offset, g.End})
	}
	if tail := int64(genindex.HeaderLen); len(spans) == 0 || spans[len(spans)-1].end < size {
		if len(spans) > 0 {
			tail = spans[len(spans)-1].end
		}
		spans = append(spans, span{tail, size})
	}
	return m.drain(len(spans), j, func(i int) (*parser, error) {
		s := spans[i]
		r := io.MultiReader(io.NewSectionReader(f, 0, int64(len(hdr))), io.NewSectionReader(f, s.off, s.end-s.off))
		return startParser(r, i < len(spans)-1)
	})
}
