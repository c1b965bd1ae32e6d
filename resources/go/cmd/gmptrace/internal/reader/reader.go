// Package reader is the streaming loop: it reads a trace with x/exp/trace one
// event at a time, hands each event to a callback and never keeps events.
// It turns every failure, including a panic inside the parser, into an error
// and tells apart a readable-but-truncated trace from an unreadable one.
//
// Parsing and analysis run in two goroutines (a pipeline of small batches of
// events), so both cores of a small machine are used. Events stay in order.
package reader

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"golang.org/x/exp/trace"
)

// Info describes what was read.
type Info struct {
	GoVersion   string // from the header, e.g. "go1.23" (Go 1.24 writes the 1.23 header)
	Events      uint64
	Syncs       int
	Generations int  // generations read completely
	Partial     bool // a read error after at least one complete generation
	Err         error
}

// ErrUnreadable wraps errors that leave nothing usable.
var ErrUnreadable = errors.New("unreadable trace")

// Version parses the 16-byte header "go 1.NN trace\x00...".
func Version(hdr []byte) (string, bool) {
	const pre = "go 1."
	if !bytes.HasPrefix(hdr, []byte(pre)) {
		return "", false
	}
	rest := hdr[len(pre):]
	i := bytes.IndexByte(rest, ' ')
	if i <= 0 || !bytes.HasPrefix(rest[i:], []byte(" trace")) {
		return "", false
	}
	n, err := strconv.Atoi(string(rest[:i]))
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("go1.%d", n), true
}

const batchSize = 1024

type batch struct {
	evs []trace.Event
	err error // set on the last batch: io.EOF or the read error
}

// Read streams r through fn. It returns an error wrapping ErrUnreadable when
// the input is not a trace or no generation could be read; otherwise
// Info.Partial/Info.Err describe a truncated or corrupt tail.
func Read(r io.Reader, fn func(ev *trace.Event)) (info Info, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	hdr, _ := br.Peek(16)
	info.GoVersion, _ = Version(hdr)
	tr, e := newReader(br)
	if e != nil {
		return info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}

	batches := make(chan batch, 4)
	free := make(chan []trace.Event, 6)
	done := make(chan struct{})
	defer close(done)
	go produce(tr, batches, free, done)

	defer func() {
		if p := recover(); p != nil {
			info, err = finish(info, fmt.Errorf("parser failure: %v", p))
		}
	}()
	for b := range batches {
		for i := range b.evs {
			ev := &b.evs[i]
			info.Events++
			if ev.Kind() == trace.EventSync {
				info.Syncs++
			}
			fn(ev)
		}
		if b.evs != nil {
			clear(b.evs) // drop references to generation tables
			select {
			case free <- b.evs[:0]:
			default:
			}
		}
		if b.err == io.EOF {
			info.Generations = max(0, info.Syncs-1)
			return info, nil
		}
		if b.err != nil {
			return finish(info, b.err)
		}
	}
	return finish(info, errors.New("internal error: reader stopped"))
}

func newReader(br *bufio.Reader) (tr *trace.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser failure: %v", p)
		}
	}()
	return trace.NewReader(br)
}

// produce reads events into batches until EOF or an error, which it sends
// with the last batch. It stops early when done is closed.
func produce(tr *trace.Reader, out chan<- batch, free chan []trace.Event, done <-chan struct{}) {
	defer close(out)
	evs := make([]trace.Event, 0, batchSize)
	send := func(b batch) bool {
		select {
		case out <- b:
			return true
		case <-done:
			return false
		}
	}
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("parser failure: %v", p)
			}
		}()
		for {
			ev, e := tr.ReadEvent()
			if e != nil {
				err = e
				return
			}
			evs = append(evs, ev)
			if len(evs) == batchSize {
				if !send(batch{evs: evs}) {
					err = errors.New("cancelled")
					return
				}
				select {
				case evs = <-free:
				default:
					evs = make([]trace.Event, 0, batchSize)
				}
			}
		}
	}()
	send(batch{evs: evs, err: err})
}

func finish(info Info, e error) (Info, error) {
	info.Generations = max(0, info.Syncs-1)
	if info.Generations == 0 {
		return info, fmt.Errorf("%w: %v", ErrUnreadable, e)
	}
	info.Partial = true
	info.Err = e
	return info, nil
}
