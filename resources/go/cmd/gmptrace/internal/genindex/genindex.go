// Package genindex finds the generations of an execution trace (Go 1.22+
// format) without decoding events: one pass over the batch headers gives,
// per generation, its byte range, the range of its batches' base timestamps
// and where each of its batches is (which thread wrote it, what it holds).
// It lets the analysis hand whole generations to independent parsers, lets
// a time-window query read only the generations it needs, and lets
// internal/wire read one thread's events batch by batch from the file.
//
// Wire format (as written by the runtime since Go 1.22): a 16-byte header
// "go 1.NN trace\x00\x00\x00", then batches. A batch is the byte EvEventBatch
// (or EvExperimentalBatch followed by an experiment byte), then uvarints
// generation, M, base timestamp and data length (at most 64 KiB), then the
// data. The generation's frequency (timestamp ticks per second) is in a
// batch that starts with EvFrequency (before Go 1.25) or in the EvSync batch
// (Go 1.25+). Before Go 1.26 a generation ends where a batch of the next one
// begins; from Go 1.26 a lone EvEndOfGeneration byte ends it.
package genindex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// HeaderLen is the length of the trace header that precedes the batches.
const HeaderLen = 16

// Wire-format event types this package needs (internal/trace/tracev2).
const (
	evEventBatch        = 1
	evStacks            = 2
	evStrings           = 4
	evCPUSamples        = 6
	evFrequency         = 8
	evExperimentalBatch = 49
	evSync              = 50
	evClockSnapshot     = 51
	evEndOfGeneration   = 52

	maxBatchSize = 64 << 10
)

// The batch grammar both readers follow: Scan pulls it from a file, Framing
// is pushed it as the parser's input streams past.

// batchStart is what the byte at a batch boundary begins.
type batchStart uint8

const (
	startInvalid         batchStart = iota // not a batch of this trace's version
	startEvents                            // an event batch; its header uvarints follow
	startExperimental                      // an experimental batch: an experiment byte, then the header uvarints
	startEndOfGeneration                   // Go 1.26+: a lone byte that ends the generation
)

// classify reads the byte at a batch boundary of a trace of Go 1.minor.
func classify(b byte, minor int) batchStart {
	switch {
	case b == evEventBatch:
		return startEvents
	case b == evExperimentalBatch:
		return startExperimental
	case b == evEndOfGeneration && minor >= 26:
		return startEndOfGeneration
	}
	return startInvalid
}

// batchHeaderFields is the number of header uvarints: generation, M, base timestamp, data length.
const batchHeaderFields = 4

// validHeader reports whether a batch header's generation and data length can be a runtime's.
func validHeader(gen, size uint64) bool { return gen != 0 && size <= maxBatchSize }

// Generation is one generation's place in the file.
type Generation struct {
	Gen uint64 // generation number from the batch headers
	// Offset and End delimit its bytes [Offset, End), its end-of-generation
	// byte included when it has one.
	Offset, End int64
	// MinTick and MaxTick are the smallest and largest batch base
	// timestamps (every event of the generation is at or after MinTick;
	// events of a batch come after its base timestamp).
	MinTick, MaxTick uint64
	// NsPerTick converts ticks to trace.Time nanoseconds exactly as the
	// parser does (0 when the generation has no frequency event).
	NsPerTick float64
	Batches   []Batch // in file order
	clocks    int     // clock snapshots (Go 1.25+: one per generation)
	// Clock is the generation's clock snapshot (Go 1.25+; nil before): the
	// wall-clock time at one of its ticks, which places the trace in time.
	Clock *Clock
}

// Clock is a clock snapshot: the wall-clock time the runtime read at Tick.
type Clock struct {
	Tick uint64
	Wall time.Time
}

// Batch is one batch's place in the file.
type Batch struct {
	M    uint64 // the thread that wrote it (its header's M)
	Tick uint64 // its base timestamp
	Data int64  // offset of its data
	Size uint32 // length of its data (at most 64 KiB)
	Kind BatchKind
}

// BatchKind says what a batch holds, from its first data byte.
type BatchKind uint8

const (
	KindEvents       BatchKind = iota // timed events of one thread
	KindStrings                       // a section of the string table
	KindStacks                        // a section of the stack table
	KindCPUSamples                    // CPU profile samples
	KindSync                          // the frequency (before Go 1.25), or a sync batch (Go 1.25+)
	KindExperimental                  // an experimental batch (its own format)
)

// Time converts a tick count of this generation to trace nanoseconds.
func (g Generation) Time(tick uint64) int64 { return int64(float64(tick) * g.NsPerTick) }

// Index lists a trace's generations in file order.
type Index struct {
	Version     int // 22 for "go 1.22 trace", …
	Generations []Generation
	// Complete is false when the last generation is cut (a batch runs past
	// the end of the file, or a Go 1.26+ generation lacks its end marker);
	// that generation is then not listed. Err says why.
	Complete bool
	Err      error
	// Cut is the generation the reading stopped in, with the batches read
	// whole before the stop (nil when it stopped between generations).
	// x/exp/trace reads the events of such a generation of a trace before
	// Go 1.26, which has no end marker to miss.
	Cut *Generation
}

// LargestGeneration is the byte size of the largest generation a reader
// holds (HeldGenerations).
func (ix Index) LargestGeneration() int64 {
	var largest int64
	for _, g := range ix.HeldGenerations() {
		largest = max(largest, g.End-g.Offset)
	}
	return largest
}

// StringBytes is the size of the string tables of the generations a parser
// holds (HeldGenerations).
func (ix Index) StringBytes() int64 {
	var n int64
	for _, g := range ix.HeldGenerations() {
		for _, b := range g.Batches {
			if b.Kind == KindStrings {
				n += int64(b.Size)
			}
		}
	}
	return n
}

// HeldGenerations are the generations a parser holds one after another:
// the listed ones and, when the trace is cut inside one, its batches read
// whole before the cut (x/exp/trace reads those too), ending after the last.
func (ix Index) HeldGenerations() []Generation {
	c := ix.Cut
	if c == nil || len(c.Batches) == 0 {
		return ix.Generations
	}
	last := c.Batches[len(c.Batches)-1]
	cut := *c
	cut.End = last.Data + int64(last.Size)
	return append(slices.Clip(ix.Generations), cut)
}

// ErrNotIndexable is returned for inputs that are not Go 1.22+ traces
// (older formats have no generations; garbage has no header).
var ErrNotIndexable = errors.New("not a Go 1.22+ execution trace")

// cursor reads a file at increasing offsets through a small window, so
// that skipping a batch's data costs nothing: only headers are read.
type cursor struct {
	r      io.ReaderAt
	size   int64
	off    int64  // offset of the next byte
	buf    []byte // bytes of the file from bufOff on
	bufOff int64
}

const windowSize = 4 << 10

// peek returns the next n bytes without consuming them (fewer at the end
// of the file), reading a new window when they are not in the current one.
func (c *cursor) peek(n int) []byte {
	if c.off < c.bufOff || c.off+int64(n) > c.bufOff+int64(len(c.buf)) {
		c.buf = c.buf[:cap(c.buf)]
		if len(c.buf) < max(n, windowSize) {
			c.buf = make([]byte, max(n, windowSize))
		}
		m, _ := c.r.ReadAt(c.buf, c.off)
		c.buf, c.bufOff = c.buf[:m], c.off
	}
	avail := c.buf[c.off-c.bufOff:]
	return avail[:min(n, len(avail))]
}

func (c *cursor) ReadByte() (byte, error) {
	b := c.peek(1)
	if len(b) == 0 {
		return 0, io.EOF
	}
	c.off++
	return b[0], nil
}

func (c *cursor) uvarint() (uint64, error) {
	v, err := binary.ReadUvarint(c)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return v, err
}

// skip moves past n bytes; false when the file ends first.
func (c *cursor) skip(n int64) bool {
	if c.off+n > c.size {
		c.off = c.size
		return false
	}
	c.off += n
	return true
}

// Version parses the 16-byte header "go 1.NN trace\x00..." into "go1.NN".
func Version(hdr []byte) (string, bool) {
	n, ok := headerMinor(hdr)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("go1.%d", n), true
}

func headerMinor(hdr []byte) (int, bool) {
	const pre = "go 1."
	if !bytes.HasPrefix(hdr, []byte(pre)) {
		return 0, false
	}
	rest := hdr[len(pre):]
	i := bytes.IndexByte(rest, ' ')
	if i <= 0 || !bytes.HasPrefix(rest[i:], []byte(" trace")) {
		return 0, false
	}
	n, err := strconv.Atoi(string(rest[:i]))
	return n, err == nil
}

// Scan indexes the size bytes of r: the trace header, then the batch headers
// only (their data is skipped, not read). Reading stops at the first
// malformed or cut batch: what precedes it stays indexed.
func Scan(r io.ReaderAt, size int64) (Index, error) {
	c := &cursor{r: r, size: size}
	hdr := c.peek(HeaderLen)
	if len(hdr) < HeaderLen {
		return Index{}, fmt.Errorf("%w: %d bytes", ErrNotIndexable, len(hdr))
	}
	c.off = HeaderLen
	minor, ok := headerMinor(hdr)
	if !ok || minor < 22 {
		return Index{}, fmt.Errorf("%w: header %q", ErrNotIndexable, hdr)
	}
	if minor == 24 || minor > 26 {
		// Go 1.24 writes the 1.23 header, and x/exp/trace refuses one it
		// does not know: so does the index, and the file goes to x/exp/trace,
		// which says why.
		return Index{}, fmt.Errorf("%w: unknown or unsupported trace version go 1.%d", ErrNotIndexable, minor)
	}
	ix := Index{Version: minor}
	err := ix.scanBatches(c)
	if err == io.EOF {
		ix.Complete = true
		return ix, nil
	}
	ix.Err = err
	return ix, nil
}

// scanBatches indexes batches until EOF (returned as io.EOF when the file
// ends cleanly at a batch boundary) or the first error.
func (ix *Index) scanBatches(c *cursor) (err error) {
	var cur *Generation
	defer func() {
		if err != io.EOF && cur != nil {
			ix.Cut = cur
		}
	}()
	// closeCur lists the generation read so far; as x/exp/trace, not one of
	// Go 1.25+ without its clock snapshot.
	closeCur := func(end int64) error {
		if cur == nil {
			return nil
		}
		if ix.Version >= 25 && cur.clocks == 0 {
			err := fmt.Errorf("generation %d: no clock snapshot event found", cur.Gen)
			cur = nil
			return err
		}
		cur.End = end
		ix.Generations = append(ix.Generations, *cur)
		cur = nil
		return nil
	}
	for {
		start := c.off
		typ, err := c.ReadByte()
		if err == io.EOF {
			if cur != nil && ix.Version >= 26 {
				return errors.New("last generation has no end-of-generation marker; trace likely truncated")
			}
			if err := closeCur(start); err != nil {
				return err
			}
			return io.EOF
		}
		if err != nil {
			return err
		}
		kind := classify(typ, ix.Version)
		switch kind {
		case startEndOfGeneration:
			if cur == nil {
				return fmt.Errorf("offset %d: end of generation outside a generation", start)
			}
			if err := closeCur(c.off); err != nil {
				return err
			}
			continue
		case startExperimental:
			if _, err := c.ReadByte(); err != nil {
				return cut(err)
			}
		case startInvalid:
			return fmt.Errorf("offset %d: expected a batch, found byte %d", start, typ)
		}
		var h [batchHeaderFields]uint64
		for i := range h {
			if h[i], err = c.uvarint(); err != nil {
				return cut(err)
			}
		}
		gen, tick, size := h[0], h[2], h[3]
		if !validHeader(gen, size) {
			return fmt.Errorf("offset %d: invalid batch header (generation %d, %d bytes)", start, gen, size)
		}
		if cur != nil && gen != cur.Gen {
			if ix.Version >= 26 {
				return fmt.Errorf("offset %d: generation %d begins before generation %d ended", start, gen, cur.Gen)
			}
			if gen != cur.Gen+1 {
				// As x/exp/trace, which reads no more of the generation whose
				// batches a batch of neither it nor the next follows.
				err := fmt.Errorf("offset %d: generation %d follows generation %d: generations out of order", start, gen, cur.Gen)
				cur = nil
				return err
			}
			if err := closeCur(start); err != nil {
				return err
			}
		}
		if cur == nil {
			cur = &Generation{Gen: gen, Offset: start, MinTick: tick, MaxTick: tick}
		}
		cur.MinTick, cur.MaxTick = min(cur.MinTick, tick), max(cur.MaxTick, tick)
		b := Batch{M: h[1], Tick: tick, Data: c.off, Size: uint32(size), Kind: KindExperimental}
		var facts syncBatch
		if kind == startEvents {
			b.Kind = KindEvents
			if size > 0 {
				// The first bytes of the data tell a frequency or sync batch.
				data := c.peek(int(min(size, 64)))
				if len(data) > 0 { // none: the file ends here, as skip says below
					b.Kind = batchKind(data[0])
				}
				facts = syncFacts(data, ix.Version)
			}
		}
		if !c.skip(int64(size)) {
			return cut(io.ErrUnexpectedEOF) // a batch cut short is not the generation's, nor its frequency
		}
		if freq := facts.freq; freq > 0 {
			if cur.NsPerTick != 0 {
				// As x/exp/trace, which then reads nothing of the generation.
				err := fmt.Errorf("offset %d: generation %d: found multiple frequency events", start, cur.Gen)
				cur = nil
				return err
			}
			cur.NsPerTick = 1.0 / (float64(freq) / 1e9) // the parser's own conversion, bit for bit
		}
		if facts.clock != nil {
			facts.clock.Tick += tick // its timestamp is a delta from the batch's
			cur.Clock = facts.clock
		}
		if cur.clocks += facts.clocks; cur.clocks > 1 {
			err := fmt.Errorf("offset %d: generation %d: found multiple clock snapshot events", start, cur.Gen)
			cur = nil
			return err
		}
		cur.Batches = append(cur.Batches, b)
	}
}

// batchKind tells an event batch's contents by its first data byte.
func batchKind(first byte) BatchKind {
	switch first {
	case evStrings:
		return KindStrings
	case evStacks:
		return KindStacks
	case evCPUSamples:
		return KindCPUSamples
	case evFrequency, evSync:
		return KindSync
	}
	return KindEvents
}

func cut(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("a batch runs past the end of the file; trace likely truncated")
	}
	return err
}

// syncBatch is what a frequency or sync batch says: its ticks per second (0
// when the batch is neither), how many clock snapshots it holds (Go 1.25+), and
// the first of them, its Tick a delta from the batch's base timestamp.
type syncBatch struct {
	freq   uint64
	clocks int
	clock  *Clock
}

// syncFacts reads a frequency or sync batch whose first bytes are data.
func syncFacts(data []byte, version int) (facts syncBatch) {
	if len(data) == 0 {
		return facts
	}
	if version < 25 {
		if data[0] != evFrequency {
			return facts
		}
		f, n := binary.Uvarint(data[1:])
		if n <= 0 {
			return facts
		}
		facts.freq = f
		return facts
	}
	if data[0] != evSync {
		return facts
	}
	for p := data[1:]; len(p) > 0; {
		typ := p[0]
		p = p[1:]
		switch typ {
		case evFrequency:
			f, n := binary.Uvarint(p)
			if n <= 0 {
				return facts
			}
			facts.freq, p = f, p[n:]
		case evClockSnapshot: // timestamp (a delta), mono, sec, nsec
			var args [4]uint64
			for k := range args {
				v, n := binary.Uvarint(p)
				if n <= 0 {
					return facts
				}
				args[k], p = v, p[n:]
			}
			if facts.clocks++; facts.clocks == 1 {
				facts.clock = &Clock{Tick: args[0], Wall: time.Unix(int64(args[2]), int64(args[3]))}
			}
		default:
			return facts
		}
	}
	return facts
}

// Span returns the first and last generation (indexes into Generations)
// that may hold events in [from, to] (trace nanoseconds). A generation's
// events lie at or after its MinTick and, since the runtime finishes a
// generation before the one after the next begins, before the MinTick of the
// generation two later. ok is false when no generation qualifies.
func (ix *Index) Span(from, to int64) (first, last int, ok bool) {
	first, last = -1, -1
	for i, g := range ix.Generations {
		startsBy := g.Time(g.MinTick) <= to
		endsAfter := true
		if i+2 < len(ix.Generations) {
			n := ix.Generations[i+2]
			endsAfter = n.Time(n.MinTick) >= from
		}
		if startsBy && endsAfter {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, first >= 0
}
