package ownread

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/readtest"
)

// indexes decodes event indices, and panics on the one at panicAt.
type indexes struct {
	panicAt int64
	got     []int64
}

func (d *indexes) Add(_ *order.Event, _ order.Tables, i int64) {
	if i == d.panicAt {
		panic("boom")
	}
	d.got = append(d.got, i)
}

func (d *indexes) Take([]int64) []int64 {
	out := d.got
	d.got = nil
	return out
}

// A decoder's panic ends the reading as a failure of the reader's would:
// with an error, no batch from the one it broke on, every batch before it
// handed over in order, and the reading goroutine gone.
func TestDecoderPanicEndsTheReading(t *testing.T) {
	data := readtest.PingPongTrace(t, 10_000)
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	panicAt := int64(5*BatchLen + 100)
	var got []int64
	info, err := ReadDecoded(bytes.NewReader(data), ix, &indexes{panicAt: panicAt}, func(b []int64) bool {
		got = append(got, b...)
		return true
	})
	if said := fmt.Sprint(err, info.Err); !strings.Contains(said, "reader failure: boom") {
		t.Fatalf("the decoder's panic is not the reading's end: %+v, %v", info, err)
	}
	// Batches of BatchLen events from the first (a Sync) on: every one before the panic's.
	if want := panicAt - panicAt%BatchLen; int64(len(got)) != want {
		t.Fatalf("%d events handed over, want the %d of the batches before event %d", len(got), want, panicAt)
	}
	readtest.Indices(t, got)
	readtest.GoroutinesBack(t, before, "the failed reading")
}
