package analyze

import (
	"os"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/ownread"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// readOrdered feeds the analysis from gmptrace's own reader (internal/order),
// which holds one batch per thread instead of a whole generation: the
// reading and ordering in one goroutine (ownread), the decoding and the
// analysis in this one, which shares the work about evenly (measured on a
// single generation of 100 MB).
func (a *analyzer) readOrdered(f *os.File, ix genindex.Index) (reader.Info, error) {
	d := newOrderDecoder()
	var spare *recBatch
	flush := func() {
		b := d.Take(spare)
		a.batch(b, reader.Pos{})
		spare = b
	}
	var n int64
	info, err := ownread.Read(f, ix, func(b *ownread.Batch) bool {
		d.tables = b.Tables
		for i := range b.Events {
			ev := &b.Events[i]
			if ev.Type == wire.EvSync && d.Len() > 0 {
				flush() // a generation's records go with its tables: a new one starts a batch
			}
			d.add(ev, n)
			n++
			if d.Len() >= reader.BatchSize {
				flush()
			}
		}
		return true
	})
	if d.Len() > 0 {
		flush()
	}
	return info, err
}
