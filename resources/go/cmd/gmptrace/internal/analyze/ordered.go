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
// this one: 2.11–2.20 s against 2.36–2.43 s for a 96 MB single generation
// (bench/gmptrace/RESULTS.md).
func (a *analyzer) readOrdered(f *os.File, ix genindex.Index) (reader.Info, error) {
	return ownread.ReadDecoded(f, ix, newOrderDecoder(), func(b *recBatch) bool {
		a.batch(b, reader.Pos{})
		return true
	})
}
