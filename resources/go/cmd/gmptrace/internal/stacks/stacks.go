// Package stacks interns execution-trace stacks across generations.
//
// A trace.Stack points into its generation's tables, so keeping one alive
// keeps the whole generation alive. Table converts stacks to small integer
// IDs whose frames are copied out once; the per-generation cache that makes
// repeated lookups cheap is dropped at every generation boundary (NewGeneration).
package stacks

import (
	"strings"

	"golang.org/x/exp/trace"
)

// MaxDepth caps the number of frames kept per stack (as cmd/trace does).
const MaxDepth = 128

// ID identifies an interned stack; 0 is the empty stack.
type ID uint32

// Frame is one location of a stack.
type Frame struct {
	PC   uint64
	Func string
	File string
	Line uint64
}

// Table holds every distinct stack seen so far.
type Table struct {
	frames   []Frame          // frame index -> frame
	frameIDs map[Frame]uint32 // frame -> index
	stacks   [][]uint32       // stack ID -> frame indexes, leaf first
	byKey    map[string]ID
	gen      map[trace.Stack]ID // cache for the current generation only
	key      []byte
	scratch  []uint32
}

func New() *Table {
	return &Table{
		frameIDs: make(map[Frame]uint32),
		stacks:   [][]uint32{nil},
		byKey:    make(map[string]ID),
		gen:      make(map[trace.Stack]ID),
	}
}

// NewGeneration forgets the per-generation cache (call it on every EventSync).
func (t *Table) NewGeneration() { clear(t.gen) }

// Intern returns the ID of s.
func (t *Table) Intern(s trace.Stack) ID {
	if s == trace.NoStack {
		return 0
	}
	if id, ok := t.gen[s]; ok {
		return id
	}
	t.scratch = t.scratch[:0]
	t.key = t.key[:0]
	for f := range s.Frames() {
		if len(t.scratch) == MaxDepth {
			break
		}
		fr := Frame{PC: f.PC, Func: f.Func, File: f.File, Line: f.Line}
		fi, ok := t.frameIDs[fr]
		if !ok {
			fr.Func = strings.Clone(fr.Func)
			fr.File = strings.Clone(fr.File)
			fi = uint32(len(t.frames))
			t.frames = append(t.frames, fr)
			t.frameIDs[fr] = fi
		}
		t.scratch = append(t.scratch, fi)
		t.key = append(t.key, byte(fi), byte(fi>>8), byte(fi>>16), byte(fi>>24))
	}
	id, ok := t.byKey[string(t.key)]
	if !ok {
		id = ID(len(t.stacks))
		t.stacks = append(t.stacks, append([]uint32(nil), t.scratch...))
		t.byKey[string(t.key)] = id
	}
	t.gen[s] = id
	return id
}

// Frames returns the frame indexes of a stack, leaf first.
func (t *Table) Frames(id ID) []uint32 {
	if int(id) >= len(t.stacks) {
		return nil
	}
	return t.stacks[id]
}

// Frame returns a frame by index.
func (t *Table) Frame(i uint32) Frame { return t.frames[i] }

// NumFrames is the number of distinct frames.
func (t *Table) NumFrames() int { return len(t.frames) }

// Funcs returns the function names of a stack, leaf first.
func (t *Table) Funcs(id ID) []string {
	var out []string
	for _, fi := range t.Frames(id) {
		out = append(out, t.frames[fi].Func)
	}
	return out
}

// StartFunc returns the function a goroutine started in, when its
// transition leaving state from carries the goroutine's own stack: its
// creation (the new goroutine's start PC) or a status with stack does (the
// transition's stack, trans), so does any event that stops it running (the
// event's stack, ev). It is the stack's outermost frame; ok is false when
// the event has no such stack. The name points into the generation's
// tables: clone it to keep it.
func StartFunc(ev, trans trace.Stack, from trace.GoState) (name string, ok bool) {
	own := trace.NoStack
	switch from {
	case trace.GoNotExist, trace.GoUndetermined:
		own = trans
	case trace.GoRunning:
		own = ev
	}
	if own == trace.NoStack {
		return "", false
	}
	for f := range own.Frames() {
		name = f.Func
	}
	return name, true
}

// Names interns strings copied out of a generation's tables.
type Names map[string]string

// Intern returns a copy of s that does not keep the generation alive.
func (n Names) Intern(s string) string {
	c, ok := n[s]
	if !ok {
		c = strings.Clone(s)
		n[c] = c
	}
	return c
}
