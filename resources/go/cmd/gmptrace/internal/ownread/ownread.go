// Package ownread runs gmptrace's own reader (internal/order) in a goroutine
// of its own and hands its events, in order, to a consumer in batches, each
// of one generation and with that generation's tables: the reading and
// ordering on one core, what the consumer makes of the events (x/exp/trace's
// meaning, and the analysis or the window built on it) on another.
package ownread

import (
	"fmt"
	"os"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/reader"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// BatchLen is at most how many events a batch holds.
const BatchLen = 1024

// Batch is events of one generation, in order.
type Batch struct {
	Events []order.Event
	Tables order.Tables // the generation's
	syncs  int          // how many of Events are syncs
}

// Read reads the generations ix lists of the trace in f (and its cut
// generation, as order.Reader does) and hands their events to fn until fn
// returns false (Info.Stopped) or the events end. Info says what fn was
// given, as reader.Read's does; a panic inside the reader or inside fn ends
// the reading there with an error, as a parser's failure does.
func Read(f *os.File, ix genindex.Index, fn func(b *Batch) bool) (info reader.Info, err error) {
	info.GoVersion = reader.HeaderVersion(f)
	batches := make(chan *Batch, 4)
	spares := make(chan *Batch, cap(batches)+2)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(batches)
		readErr = produce(f, ix, batches, spares, stop)
	}()
	stopped := false
	defer func() {
		// However this ends, the reading goroutine ends too (at its next send) and leaves nothing behind.
		if !stopped {
			close(stop)
		}
		for range batches {
		}
		if p := recover(); p != nil {
			info, err = reader.Ended(info, fmt.Errorf("parser failure: %v", p))
		}
	}()
	for b := range batches {
		if !fn(b) {
			stopped = true
			close(stop)
			return reader.Info{GoVersion: info.GoVersion, Stopped: true}, nil
		}
		info.Events += uint64(len(b.Events))
		info.Syncs += b.syncs
		info.Last = trace.Time(b.Events[len(b.Events)-1].Time)
		select {
		case spares <- b:
		default:
		}
	}
	return reader.Ended(info, readErr)
}

// produce reads ix's events into batches sent to out until the trace ends
// (io.EOF, or the error that ended it) or stop is closed (nil).
func produce(f *os.File, ix genindex.Index, out chan<- *Batch, spares <-chan *Batch, stop <-chan struct{}) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reader failure: %v", p)
		}
	}()
	src := order.NewReader(f, ix)
	b := &Batch{Events: make([]order.Event, 0, BatchLen)}
	send := func() bool {
		select {
		case out <- b:
		case <-stop:
			return false
		}
		tables := b.Tables
		select {
		case b = <-spares:
			b.Events, b.syncs = b.Events[:0], 0
		default:
			b = &Batch{Events: make([]order.Event, 0, BatchLen)}
		}
		b.Tables = tables
		return true
	}
	var ev order.Event
	for {
		if rerr := src.ReadEvent(&ev); rerr != nil {
			if len(b.Events) > 0 && !send() {
				return nil
			}
			return rerr
		}
		if ev.Type == wire.EvSync {
			// A generation's events go with its tables: a new one starts a batch.
			if len(b.Events) > 0 && !send() {
				return nil
			}
			b.Tables = src.Tables()
			b.syncs++
		}
		b.Events = append(b.Events, ev)
		if len(b.Events) == BatchLen && !send() {
			return nil
		}
	}
}
