// Package gcstw collects stop-the-world pauses, GC mark phases and GC
// mark-assist time from trace ranges.
package gcstw

import (
	"strings"

	"golang.org/x/exp/trace"
)

// MaxSpans caps the STW and GC span lists (counts stay exact).
const MaxSpans = 100000

type Span struct {
	Start, End trace.Time
	Name       string
}

type rangeKey struct {
	res  trace.ResourceID
	kind uint8
}

const (
	kSTW uint8 = iota
	kMark
	kAssist
)

type Tracker struct {
	open map[rangeKey]openRange

	STW        []Span
	STWCount   uint64
	GC         []Span
	GCCycles   int
	Assists    uint64
	AssistTime int64
}

type openRange struct {
	start trace.Time
	name  string
}

func New() *Tracker { return &Tracker{open: make(map[rangeKey]openRange)} }

func kindOf(name string) (uint8, bool) {
	switch {
	case strings.HasPrefix(name, "stop-the-world ("):
		return kSTW, true
	case name == "GC concurrent mark phase":
		return kMark, true
	case name == "GC mark assist":
		return kAssist, true
	}
	return 0, false
}

// Tracked reports whether Range does anything with ranges of this name.
func Tracked(name string) bool {
	_, ok := kindOf(name)
	return ok
}

// Range handles RangeBegin, RangeActive (treated as a begin at the start of
// the trace's first generation) and RangeEnd events.
func (t *Tracker) Range(kind trace.EventKind, now trace.Time, r trace.Range) {
	k, ok := kindOf(r.Name)
	if !ok {
		return
	}
	key := rangeKey{r.Scope, k}
	switch kind {
	case trace.EventRangeBegin, trace.EventRangeActive:
		if _, dup := t.open[key]; dup && kind == trace.EventRangeActive {
			return
		}
		t.open[key] = openRange{now, strings.Clone(r.Name)}
	case trace.EventRangeEnd:
		o, ok := t.open[key]
		if !ok {
			return
		}
		delete(t.open, key)
		sp := Span{o.start, now, o.name}
		switch k {
		case kSTW:
			t.STWCount++
			if len(t.STW) < MaxSpans {
				t.STW = append(t.STW, sp)
			}
		case kMark:
			t.GCCycles++
			if len(t.GC) < MaxSpans {
				t.GC = append(t.GC, sp)
			}
		case kAssist:
			t.Assists++
			t.AssistTime += int64(now - o.start)
		}
	}
}
