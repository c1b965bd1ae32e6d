package analyze

import (
	"os"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/ownread"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
)

// readOrdered feeds the analysis from gmptrace's own reader (internal/order),
// which holds one batch per thread instead of a whole generation: the
// reading, ordering and decoding in one goroutine (ownread), the analysis in
// this one. Decoding on the reading side balances the two better than on
// this one: 20.1–21.1 s against 22.1–22.4 s for a 1 GB single generation
// (bench/gmptrace/RESULTS.md, 2026-12-06).
func (a *analyzer) readOrdered(f *os.File, ix genindex.Index) (reader.Info, error) {
	return ownread.ReadDecoded(f, ix, newOrderDecoder(), func(b *recBatch) bool {
		a.batch(b, reader.Pos{})
		return true
	})
}
