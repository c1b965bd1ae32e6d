package order

import (
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
)

// stringTable is a generation's string table, held only in part. The
// runtime dedupes a generation's strings except trace.Log's messages, one
// string each, so a table held whole grows with the generation's length.
// This one holds every ID (x/exp/trace refuses an event naming a string its
// generation lacks, and so does this reader), the strings its stack table
// names, and any other once asked for (a region's or task's type, a label, a
// block reason, a log's category: a program's vocabulary). A string never
// asked for, a log's message, stays in the file, found again through the
// range of IDs of each string batch.
type stringTable struct {
	r       io.ReaderAt
	version int
	batches []stringBatch
	ids     idSet

	mu   sync.Mutex // a consumer of the generation's events asks while the reader reads on
	held map[uint64]string
}

// stringBatch is a batch of strings and the range of the IDs it holds.
type stringBatch struct {
	b      genindex.Batch
	lo, hi uint64
}

// readStringTable reads the string IDs of g, holding the strings of the
// IDs in keep.
func readStringTable(r io.ReaderAt, version int, g genindex.Generation, keep map[uint64]bool) (*stringTable, error) {
	// 0 is the empty string, never written: x/exp/trace refuses a string
	// written with it as one said twice.
	t := &stringTable{r: r, version: version, held: map[uint64]string{0: ""}}
	t.ids.add(0)
	batch := -1 // the index in g.Batches of t.batches' last
	err := eachEvent(r, version, g, genindex.KindStrings, func(i int, ev *wire.Event) error {
		if ev.Type != wire.EvString {
			return nil
		}
		id := ev.Args[0]
		if !t.ids.add(id) {
			// As x/exp/trace: which of the two an event means cannot be known.
			return fmt.Errorf("two strings with ID %d", id)
		}
		if keep[id] {
			t.held[id] = string(ev.Data)
		}
		if i != batch {
			batch = i
			t.batches = append(t.batches, stringBatch{b: g.Batches[i], lo: id, hi: id})
		}
		last := &t.batches[len(t.batches)-1]
		last.lo, last.hi = min(last.lo, id), max(last.hi, id)
		return nil
	})
	return t, err
}

// has reports whether the generation has a string id.
func (t *stringTable) has(id uint64) bool { return t != nil && t.ids.has(id) }

// get is string id; false when the generation has none of that ID.
func (t *stringTable) get(id uint64) (string, bool) {
	if !t.has(id) {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.held[id]; ok {
		return s, true
	}
	s, err := t.fetch(id)
	if err != nil {
		// Read once already, when the table was: the file changed or failed since.
		return "", false
	}
	t.held[id] = s
	return s, true
}

// errFound ends fetch's scan of a batch at the string it looks for.
var errFound = errors.New("found")

// fetch reads string id again from the batches whose ranges hold its ID.
func (t *stringTable) fetch(id uint64) (string, error) {
	var s string
	for _, sb := range t.batches {
		if id < sb.lo || id > sb.hi {
			continue
		}
		err := eachEventOf(t.r, t.version, sb.b, nil, func(ev *wire.Event) error {
			if ev.Type == wire.EvString && ev.Args[0] == id {
				s = string(ev.Data)
				return errFound
			}
			return nil
		})
		if errors.Is(err, errFound) {
			return s, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("string %d is in no batch", id)
}

// idSet is a set of IDs: a bitset for the dense IDs the runtime writes
// (from 1 up, a generation's own), a map for any far past them (a made or
// corrupt trace), so that one huge ID costs no huge bitset.
type idSet struct {
	bits   []uint64
	n      int
	sparse map[uint64]bool
}

// add adds id; false when it was there.
func (s *idSet) add(id uint64) bool {
	if s.has(id) {
		return false
	}
	s.n++
	if word := id / 64; word < uint64(len(s.bits)) || word < uint64(s.n)+1024 {
		for uint64(len(s.bits)) <= word {
			s.bits = append(s.bits, 0)
		}
		s.bits[word] |= 1 << (id % 64)
		return true
	}
	if s.sparse == nil {
		s.sparse = map[uint64]bool{}
	}
	s.sparse[id] = true
	return true
}

// idSetOf is the set of m's keys, its bitset sized first for as many IDs
// as add would keep dense, so that those all go in it whatever the order
// the map yields them in.
func idSetOf[V any](m map[uint64]V) idSet {
	var s idSet
	var top uint64
	for id := range m {
		top = max(top, id)
	}
	s.bits = make([]uint64, min(top/64+1, uint64(len(m))+1024))
	for id := range m {
		s.add(id)
	}
	return s
}

func (s *idSet) has(id uint64) bool {
	if word := id / 64; word < uint64(len(s.bits)) && s.bits[word]&(1<<(id%64)) != 0 {
		return true
	}
	return s.sparse[id] // one added before the bitset grew past it stays here
}
