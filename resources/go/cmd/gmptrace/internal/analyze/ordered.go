package analyze

import (
	"os"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// readOrdered feeds the analysis from gmptrace's own reader (internal/order),
// which holds one batch per thread instead of a whole generation: the
// reading and decoding in one goroutine, the analysis in this one, as
// x/exp/trace's parser and the analysis run at -j 1.
func (a *analyzer) readOrdered(f *os.File, ix genindex.Index) (reader.Info, error) {
	batches := make(chan *recBatch, 4)
	spares := make(chan *recBatch, cap(batches)+2)
	var info reader.Info
	var err error
	go func() {
		defer close(batches)
		info, err = decodeOrdered(f, ix, batches, spares)
	}()
	for b := range batches {
		a.batch(b, reader.Pos{})
		spares <- b
	}
	return info, err
}

// decodeOrdered reads the trace's events in order, decodes them into
// batches of records sent to out (storage from spares when there is some),
// and says what was read.
func decodeOrdered(f *os.File, ix genindex.Index, out chan<- *recBatch, spares <-chan *recBatch) (info reader.Info, err error) {
	defer reader.EndOnPanic(&info, &err)
	info.GoVersion = reader.HeaderVersion(f)
	src := order.NewReader(f, ix)
	d := newOrderDecoder(src)
	flush := func() {
		var spare *recBatch
		select {
		case spare = <-spares:
		default:
		}
		out <- d.Take(spare)
	}
	var n, last int64
	for {
		ev, rerr := src.Next()
		if rerr != nil {
			if d.Len() > 0 {
				flush()
			}
			info.Events = uint64(n)
			if n > 0 {
				info.Last = reader.Pos{}.Now(n-1, trace.Time(last))
			}
			return reader.Ended(info, rerr)
		}
		if ev.Type == wire.EvSync {
			// A generation's records go with its tables: a new one starts a batch.
			if d.Len() > 0 {
				flush()
			}
			info.Syncs++
		}
		d.add(&ev, n)
		n, last = n+1, ev.Time
		if d.Len() >= reader.BatchSize {
			flush()
		}
	}
}
