// Package ownread runs gmptrace's own reader (internal/order) in a goroutine
// of its own and hands its events, in order, to a consumer in batches, each
// of one generation and with that generation's tables: the reading and
// ordering on one core, what the consumer makes of the events (x/exp/trace's
// meaning, and the analysis or the window built on it) on another.
package ownread

import (
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
}

// Read reads the generations ix lists of the trace in f (and its cut
// generation, as order.Reader does) and hands their events to fn until fn
// returns false (Info.Stopped) or the events end. Info says what was read,
// as reader.Read's does; a panic inside the reader is an error like any.
func Read(f *os.File, ix genindex.Index, fn func(b *Batch) bool) (reader.Info, error) {
	batches := make(chan *Batch, 4)
	spares := make(chan *Batch, cap(batches)+2)
	stop := make(chan struct{})
	var info reader.Info
	var err error
	go func() {
		defer close(batches)
		info, err = produce(f, ix, batches, spares, stop)
	}()
	stopped := false
	for b := range batches {
		if !stopped && !fn(b) {
			stopped = true
			close(stop)
		}
		select {
		case spares <- b:
		default:
		}
	}
	if stopped {
		return reader.Info{GoVersion: info.GoVersion, Stopped: true}, nil
	}
	return info, err
}

// produce reads ix's events into batches sent to out until the trace ends
// or stop is closed, and says what was read.
func produce(f *os.File, ix genindex.Index, out chan<- *Batch, spares <-chan *Batch, stop <-chan struct{}) (info reader.Info, err error) {
	defer reader.EndOnPanic(&info, &err)
	info.GoVersion = reader.HeaderVersion(f)
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
			b.Events = b.Events[:0]
		default:
			b = &Batch{Events: make([]order.Event, 0, BatchLen)}
		}
		b.Tables = tables
		return true
	}
	for {
		ev, rerr := src.Next()
		if rerr != nil {
			if len(b.Events) > 0 && !send() {
				return info, nil
			}
			return reader.Ended(info, rerr)
		}
		if ev.Type == wire.EvSync {
			// A generation's events go with its tables: a new one starts a batch.
			if len(b.Events) > 0 && !send() {
				return info, nil
			}
			b.Tables = src.Tables()
			info.Syncs++
		}
		info.Events++
		info.Last = trace.Time(ev.Time)
		b.Events = append(b.Events, ev)
		if len(b.Events) == BatchLen && !send() {
			return info, nil
		}
	}
}
