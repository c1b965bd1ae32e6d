package analyze

import (
	"os"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/ownread"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// readOrdered feeds the analysis from gmptrace's own reader (internal/order),
// which holds one batch per thread instead of a whole generation: the
// reading and ordering in one goroutine, the decoding in a second (ownread),
// the analysis in this one (about 40%, 20% and 40% of the CPU). With the
// analysis's own costs cut in the same change: 18.8–20.3 s for a 1 GB trace,
// against 29.6–30.1 s when the decoding shared the reading's goroutine
// (bench/gmptrace/RESULTS.md, 2026-12-08).
func (a *analyzer) readOrdered(f *os.File, ix genindex.Index) (reader.Info, error) {
	return ownread.ReadDecoded(f, ix, newOrderDecoder(), func(b *recBatch) bool {
		a.batch(b, reader.Pos{})
		return true
	})
}
