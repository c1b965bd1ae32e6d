package reader

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"golang.org/x/exp/trace"
)

// Queue limits, in batches of events: a parser whose output is being
// consumed runs at most a few batches ahead; one whose turn has not come
// keeps everything it parses (that is how generations are parsed at once).
const (
	streaming = 4
	unbounded = math.MaxInt
)

// parser runs one x/exp/trace reader in its own goroutine and queues its
// events in batches.
type parser struct {
	mu      sync.Mutex
	cond    sync.Cond
	queue   []batch
	limit   int
	stopped bool
	free    [][]trace.Event
}

// startParser reads the trace header from r and starts parsing. Its last
// Sync (the parser's end of trace) is dropped when dropLastSync: the next
// generation, parsed apart, begins with its own.
func startParser(r io.Reader, dropLastSync bool) (*parser, error) {
	tr, err := newParser(r)
	if err != nil {
		return nil, err
	}
	p := &parser{limit: unbounded}
	p.cond.L = &p.mu
	go p.run(tr, dropLastSync)
	return p, nil
}

func (p *parser) run(tr *trace.Reader, dropLastSync bool) {
	evs := p.alloc()
	var held trace.Event // a Sync, kept back until we know it is not the last event
	holding := false
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("parser failure: %v", r)
			}
		}()
		for {
			ev, e := tr.ReadEvent()
			if e != nil {
				err = e
				return
			}
			if holding {
				evs = append(evs, held)
				holding = false
			}
			if ev.Kind() == trace.EventSync {
				held, holding = ev, true
				continue
			}
			evs = append(evs, ev)
			if len(evs) >= batchSize {
				if !p.put(batch{evs: evs}) {
					err = errors.New("cancelled")
					return
				}
				evs = p.alloc()
			}
		}
	}()
	if holding && !(err == io.EOF && dropLastSync) {
		evs = append(evs, held)
	}
	p.put(batch{evs: evs, err: err})
}

// put queues b, waiting while the queue is at its limit; false once stopped.
func (p *parser) put(b batch) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) >= p.limit && !p.stopped {
		p.cond.Wait()
	}
	if p.stopped {
		return false
	}
	p.queue = append(p.queue, b)
	p.cond.Broadcast()
	return true
}

// next takes the oldest batch, waiting for one.
func (p *parser) next() batch {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 {
		p.cond.Wait()
	}
	b := p.queue[0]
	p.queue[0] = batch{}
	p.queue = p.queue[1:]
	p.cond.Broadcast()
	return b
}

func (p *parser) setLimit(n int) {
	p.mu.Lock()
	p.limit = n
	p.cond.Broadcast()
	p.mu.Unlock()
}

// stop releases a parser that is waiting to queue more.
func (p *parser) stop() {
	p.mu.Lock()
	p.stopped = true
	p.queue = nil
	p.cond.Broadcast()
	p.mu.Unlock()
}

// recycle returns a consumed batch's storage to the parser, without the
// references it held to its generation's tables.
func (p *parser) recycle(evs []trace.Event) {
	if evs == nil {
		return
	}
	clear(evs)
	p.mu.Lock()
	if len(p.free) < streaming+2 {
		p.free = append(p.free, evs[:0])
	}
	p.mu.Unlock()
}

func (p *parser) alloc() []trace.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		evs := p.free[n-1]
		p.free = p.free[:n-1]
		return evs
	}
	return make([]trace.Event, 0, batchSize)
}
