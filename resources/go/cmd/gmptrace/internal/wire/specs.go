// Package wire decodes the events of a Go 1.22+ execution trace from the
// bytes the runtime writes, and reads one thread's events of a generation
// batch after batch from the file (Stream), holding one batch at a time.
//
// It is the bottom layer of a reader whose memory does not depend on the
// size of a generation: x/exp/trace reads a whole generation into memory
// before its first event, because ordering events across threads needs
// every thread's next event, and a generation can be gigabytes when the
// runtime's trace advancer starves. One Stream per thread, each at its
// next event, is all that ordering needs of the event data; the ordering
// is internal/order's. The decoding is tested byte for byte against
// `go tool trace -d=wire` on traces of every Go version from 1.22, and the
// times against x/exp/trace's. The AllocFree experiment's events, which
// Go 1.23+ writes among a thread's events, are decoded (not in that test:
// go tool trace's raw reader does not know them before Go 1.26); an
// experimental batch's data is kept as bytes.
package wire

import "fmt"

// Type is an event's type, its first byte.
type Type uint8

// The event types of the format, numbered as the runtime writes them.
const (
	EvNone Type = iota
	EvEventBatch
	EvStacks
	EvStack
	EvStrings
	EvString
	EvCPUSamples
	EvCPUSample
	EvFrequency
	EvProcsChange
	EvProcStart
	EvProcStop
	EvProcSteal
	EvProcStatus
	EvGoCreate
	EvGoCreateSyscall
	EvGoStart
	EvGoDestroy
	EvGoDestroySyscall
	EvGoStop
	EvGoBlock
	EvGoUnblock
	EvGoSyscallBegin
	EvGoSyscallEnd
	EvGoSyscallEndBlocked
	EvGoStatus
	EvSTWBegin
	EvSTWEnd
	EvGCActive
	EvGCBegin
	EvGCEnd
	EvGCSweepActive
	EvGCSweepBegin
	EvGCSweepEnd
	EvGCMarkAssistActive
	EvGCMarkAssistBegin
	EvGCMarkAssistEnd
	EvHeapAlloc
	EvHeapGoal
	EvGoLabel
	EvUserTaskBegin
	EvUserTaskEnd
	EvUserRegionBegin
	EvUserRegionEnd
	EvUserLog
	EvGoSwitch        // Go 1.23+
	EvGoSwitchDestroy // Go 1.23+
	EvGoCreateBlocked // Go 1.23+
	EvGoStatusStack   // Go 1.23+
	EvExperimentalBatch
	EvSync            // Go 1.25+
	EvClockSnapshot   // Go 1.25+
	EvEndOfGeneration // Go 1.26+
)

// The events of the AllocFree experiment (Go 1.23+, GODEBUG=traceallocfree=1),
// written into the threads' event batches among the others.
const (
	EvSpan Type = 128 + iota
	EvSpanAlloc
	EvSpanFree
	EvHeapObject
	EvHeapObjectAlloc
	EvHeapObjectFree
	EvGoroutineStack
	EvGoroutineStackAlloc
	EvGoroutineStackFree
	numTypes
)

// Experimental reports whether t is an experiment's event.
func (t Type) Experimental() bool { return t >= EvSpan }

// String is the type's name in the format (as the runtime's table names it).
func (t Type) String() string {
	if int(t) < len(specs) && specs[t].Name != "" {
		return specs[t].Name
	}
	return fmt.Sprintf("event type %d", uint8(t))
}

// Spec says how an event of one type is encoded: a byte (its type), then
// one uvarint per argument, then, for a stack, Args[1] frames of four
// uvarints (pc, function and file string IDs, line), and, for an event
// with data, a uvarint length and that many bytes.
type Spec struct {
	Name    string
	Args    []string // a timed event's first argument is "dt", the ticks since the thread's previous event
	Timed   bool
	HasData bool
	IsStack bool
}

// MaxArgs is the most arguments an event outside the stack table has.
const MaxArgs = 5

// FrameFields name a stack frame's four uvarints.
var FrameFields = [4]string{"pc", "func", "file", "line"}

// The names are the format's own (the runtime's event table), so that a
// dump of this package's reading compares with `go tool trace -d=wire`.
var specs = [numTypes]Spec{
	EvEventBatch:          {Name: "EventBatch", Args: []string{"gen", "m", "time", "size"}},
	EvStacks:              {Name: "Stacks"},
	EvStack:               {Name: "Stack", Args: []string{"id", "nframes"}, IsStack: true},
	EvStrings:             {Name: "Strings"},
	EvString:              {Name: "String", Args: []string{"id"}, HasData: true},
	EvCPUSamples:          {Name: "CPUSamples"},
	EvCPUSample:           {Name: "CPUSample", Args: []string{"time", "m", "p", "g", "stack"}},
	EvFrequency:           {Name: "Frequency", Args: []string{"freq"}},
	EvProcsChange:         timed("ProcsChange", "procs_value", "stack"),
	EvProcStart:           timed("ProcStart", "p", "p_seq"),
	EvProcStop:            timed("ProcStop"),
	EvProcSteal:           timed("ProcSteal", "p", "p_seq", "m"),
	EvProcStatus:          timed("ProcStatus", "p", "pstatus"),
	EvGoCreate:            timed("GoCreate", "new_g", "new_stack", "stack"),
	EvGoCreateSyscall:     timed("GoCreateSyscall", "new_g"),
	EvGoStart:             timed("GoStart", "g", "g_seq"),
	EvGoDestroy:           timed("GoDestroy"),
	EvGoDestroySyscall:    timed("GoDestroySyscall"),
	EvGoStop:              timed("GoStop", "reason_string", "stack"),
	EvGoBlock:             timed("GoBlock", "reason_string", "stack"),
	EvGoUnblock:           timed("GoUnblock", "g", "g_seq", "stack"),
	EvGoSyscallBegin:      timed("GoSyscallBegin", "p_seq", "stack"),
	EvGoSyscallEnd:        timed("GoSyscallEnd"),
	EvGoSyscallEndBlocked: timed("GoSyscallEndBlocked"),
	EvGoStatus:            timed("GoStatus", "g", "m", "gstatus"),
	EvSTWBegin:            timed("STWBegin", "kind_string", "stack"),
	EvSTWEnd:              timed("STWEnd"),
	EvGCActive:            timed("GCActive", "gc_seq"),
	EvGCBegin:             timed("GCBegin", "gc_seq", "stack"),
	EvGCEnd:               timed("GCEnd", "gc_seq"),
	EvGCSweepActive:       timed("GCSweepActive", "p"),
	EvGCSweepBegin:        timed("GCSweepBegin", "stack"),
	EvGCSweepEnd:          timed("GCSweepEnd", "swept_value", "reclaimed_value"),
	EvGCMarkAssistActive:  timed("GCMarkAssistActive", "g"),
	EvGCMarkAssistBegin:   timed("GCMarkAssistBegin", "stack"),
	EvGCMarkAssistEnd:     timed("GCMarkAssistEnd"),
	EvHeapAlloc:           timed("HeapAlloc", "heapalloc_value"),
	EvHeapGoal:            timed("HeapGoal", "heapgoal_value"),
	EvGoLabel:             timed("GoLabel", "label_string"),
	EvUserTaskBegin:       timed("UserTaskBegin", "task", "parent_task", "name_string", "stack"),
	EvUserTaskEnd:         timed("UserTaskEnd", "task", "stack"),
	EvUserRegionBegin:     timed("UserRegionBegin", "task", "name_string", "stack"),
	EvUserRegionEnd:       timed("UserRegionEnd", "task", "name_string", "stack"),
	EvUserLog:             timed("UserLog", "task", "key_string", "value_string", "stack"),
	EvGoSwitch:            timed("GoSwitch", "g", "g_seq"),
	EvGoSwitchDestroy:     timed("GoSwitchDestroy", "g", "g_seq"),
	EvGoCreateBlocked:     timed("GoCreateBlocked", "new_g", "new_stack", "stack"),
	EvGoStatusStack:       timed("GoStatusStack", "g", "m", "gstatus", "stack"),
	// Its header: the experiment, then as an event batch's but the length,
	// which is the data's (read as an event with data).
	EvExperimentalBatch: {Name: "ExperimentalBatch", Args: []string{"exp", "gen", "m", "time"}, HasData: true},
	EvSync:              {Name: "Sync"},
	EvClockSnapshot:     timed("ClockSnapshot", "mono", "sec", "nsec"),
	EvEndOfGeneration:   {Name: "EndOfGeneration"},

	EvSpan:                timed("Span", "id", "npages_value", "kindclass"),
	EvSpanAlloc:           timed("SpanAlloc", "id", "npages_value", "kindclass"),
	EvSpanFree:            timed("SpanFree", "id"),
	EvHeapObject:          timed("HeapObject", "id", "type"),
	EvHeapObjectAlloc:     timed("HeapObjectAlloc", "id", "type"),
	EvHeapObjectFree:      timed("HeapObjectFree", "id"),
	EvGoroutineStack:      timed("GoroutineStack", "id", "order"),
	EvGoroutineStackAlloc: timed("GoroutineStackAlloc", "id", "order"),
	EvGoroutineStackFree:  timed("GoroutineStackFree", "id"),
}

func timed(name string, args ...string) Spec {
	return Spec{Name: name, Args: append([]string{"dt"}, args...), Timed: true}
}

// Specs is the event table of traces of Go 1.minor (minor ≥ 22): each
// release's format knows the types up to the last one it added, and from
// Go 1.23 the experiments' (a type it does not know has no Name).
func Specs(minor int) []Spec {
	switch {
	case minor <= 22:
		return specs[:EvUserLog+1]
	case minor <= 24: // Go 1.24 writes the 1.23 format
		return go123[:]
	case minor == 25:
		return go125[:]
	}
	return specs[:]
}

var go123, go125 = upTo(EvExperimentalBatch), upTo(EvClockSnapshot)

// upTo is the table of a release whose last type is last, with the experiments'.
func upTo(last Type) (t [numTypes]Spec) {
	copy(t[:last+1], specs[:last+1])
	copy(t[EvSpan:], specs[EvSpan:])
	return t
}
