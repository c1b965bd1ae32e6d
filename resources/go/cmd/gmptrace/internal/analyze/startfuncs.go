package analyze

import (
	"cmp"
	"slices"

	"golang.org/x/exp/trace"
)

// MaxNamedGoroutines bounds the goroutines whose start function the analysis
// lists for window queries (about 16 bytes each held): past it the rest are
// counted, not listed.
const MaxNamedGoroutines = 1 << 22

// GoroutineFuncs is the start function of every goroutine the analysis named
// (gmptrace analyze -goroutine-funcs, PROTOCOL.md §3.1): a window query reads
// only the generations around its range, and a goroutine parked since before
// them (2000 released at once, created seconds earlier) shows no stack of its
// own there. Goroutines are [id, index into Funcs], by id.
type GoroutineFuncs struct {
	Schema     int         `json:"schema"`
	Funcs      []string    `json:"funcs"`
	Goroutines [][2]uint64 `json:"goroutines"`
	Dropped    int         `json:"dropped"`
}

// startFuncs records the start functions as the analysis names goroutines.
type startFuncs struct {
	index   map[string]uint64
	funcs   []string
	byID    map[trace.GoID]uint64
	dropped int
}

func (s *startFuncs) name(id trace.GoID, fn string) {
	if s.index == nil {
		s.index, s.byID = map[string]uint64{}, map[trace.GoID]uint64{}
	}
	if _, ok := s.byID[id]; ok {
		return
	}
	if len(s.byID) >= MaxNamedGoroutines {
		s.dropped++
		return
	}
	i, ok := s.index[fn]
	if !ok {
		i = uint64(len(s.funcs))
		s.index[fn] = i
		s.funcs = append(s.funcs, fn)
	}
	s.byID[id] = i
}

func (s *startFuncs) out() *GoroutineFuncs {
	g := &GoroutineFuncs{Schema: 1, Funcs: append([]string{}, s.funcs...), Goroutines: make([][2]uint64, 0, len(s.byID)), Dropped: s.dropped}
	for id, i := range s.byID {
		g.Goroutines = append(g.Goroutines, [2]uint64{uint64(id), i})
	}
	slices.SortFunc(g.Goroutines, func(a, b [2]uint64) int { return cmp.Compare(a[0], b[0]) })
	return g
}
