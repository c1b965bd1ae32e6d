package reader

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"runtime"
	"slices"
	"testing"

	xtrace "golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/readtest"
)

// ownTrace is an execution trace of this test binary: two goroutines
// ping-ponging for long enough that the runtime writes full (64 KiB)
// batches.
func ownTrace(t *testing.T) []byte { return readtest.PingPongTrace(t, 30_000) }

// copyBatches reads the batches of data through br as x/exp/trace does
// (header with ReadByte and uvarints, then the data with io.CopyN into a
// bytes.Buffer grown to its size), checks each against the file, and
// returns how many batches were larger than parserBuffer and how many of
// those ended in a buffer of twice their size or more.
func copyBatches(t *testing.T, data []byte, br *bufio.Reader) (large, doubled int) {
	t.Helper()
	if _, err := io.ReadFull(br, make([]byte, genindex.HeaderLen)); err != nil {
		t.Fatal(err)
	}
	off := genindex.HeaderLen
	for {
		typ, err := br.ReadByte()
		if err == io.EOF {
			return large, doubled
		}
		if err != nil {
			t.Fatal(err)
		}
		if typ == 52 { // end of generation
			off++
			continue
		}
		// The runtime may write a uvarint wider than it needs: count the bytes.
		h := &countingByteReader{br: br, n: 1}
		if typ == 49 { // experimental batch: one more byte
			h.ReadByte()
		}
		var size uint64
		for i := 0; i < 4; i++ {
			if size, err = binary.ReadUvarint(h); err != nil {
				t.Fatal(err)
			}
		}
		headerLen := h.n
		var b bytes.Buffer
		b.Grow(int(size))
		if n, err := io.CopyN(&b, br, int64(size)); err != nil || n != int64(size) {
			t.Fatalf("batch at %d: copied %d of %d bytes: %v", off, n, size, err)
		}
		start := off + headerLen
		if !bytes.Equal(b.Bytes(), data[start:start+int(size)]) {
			t.Fatalf("batch at %d: its data differs from the file's", off)
		}
		off = start + int(size)
		if size > 2*parserBuffer {
			large++
			if cap(b.Bytes()) >= 2*int(size) {
				doubled++
			}
		}
	}
}

type countingByteReader struct {
	br *bufio.Reader
	n  int
}

func (c *countingByteReader) ReadByte() (byte, error) {
	c.n++
	return c.br.ReadByte()
}

// Read through batchEndReader, a batch's data lands in a buffer of its own
// size; read through a plain bufio.Reader, as x/exp reads a file, the same
// copy doubles most buffers. Either way every byte is the file's.
func TestBatchDataIsCopiedIntoBuffersOfItsSize(t *testing.T) {
	data := ownTrace(t)
	_, br := newBatchEndReader(bytes.NewReader(data))
	large, doubled := copyBatches(t, data, br)
	if large == 0 {
		t.Fatalf("no batch larger than %d bytes in a %d-byte trace", 2*parserBuffer, len(data))
	}
	if doubled != 0 {
		t.Errorf("%d of %d large batches were copied into buffers twice their size", doubled, large)
	}
	plainLarge, plainDoubled := copyBatches(t, data, bufio.NewReader(bytes.NewReader(data)))
	// A batch whose size class leaves 512 bytes spare is not doubled: most are.
	if 2*plainDoubled <= plainLarge {
		t.Errorf("read plainly, %d of %d large batches doubled: the reason for batchEndReader is gone", plainDoubled, plainLarge)
	}
	t.Logf("%d-byte trace: %d batches over %d bytes, none doubled (plainly: %d of %d)", len(data), large, 2*parserBuffer, plainDoubled, plainLarge)
}

// liveAfterFirstEvent is the heap x/exp/trace holds once it has read the
// first event of data from r, for which it takes in the whole first
// generation.
func liveAfterFirstEvent(t *testing.T, data []byte, r io.Reader) uint64 {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tr, err := xtrace.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.ReadEvent(); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(tr)
	runtime.KeepAlive(data)
	return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
}

// With the real x/exp/trace reading, the generation it holds through
// batchEndReader takes well under what it takes read plainly (twice the
// batches, before): if a change in x/exp made the saving vanish, this fails.
func TestParserHoldsLessThroughBatchEndReader(t *testing.T) {
	data := ownTrace(t)
	_, br := newBatchEndReader(bytes.NewReader(data))
	through := liveAfterFirstEvent(t, data, br)
	plain := liveAfterFirstEvent(t, data, bytes.NewReader(data))
	t.Logf("%d-byte trace: x/exp holds %d bytes after its first event, %d read plainly", len(data), through, plain)
	if 4*through > 3*plain {
		t.Errorf("through batchEndReader x/exp holds %d bytes, read plainly %d: not under three quarters", through, plain)
	}
}

// The parser reads the same events through batchEndReader as x/exp/trace
// reads from the bytes themselves, to the last one.
func TestParserReadsEveryEvent(t *testing.T) {
	data := ownTrace(t)
	plain, err := xtrace.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for {
		ev, err := plain.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ev.String())
	}
	var got []string
	info, err := Read(bytes.NewReader(data), func(ev *Event) bool { got = append(got, ev.Event.String()); return true })
	if err != nil || info.Partial {
		t.Fatalf("Read: %v (partial %v: %v)", err, info.Partial, info.Err)
	}
	if !slices.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("the events differ from event %d on (%d events; x/exp read %d)", i, len(got), len(want))
	}
}

// A reader that stops at the first end of a batch (as the parser would if
// x/exp ever took that EOF for the end of the trace) is caught.
func TestStoppedEarlyIsNoticed(t *testing.T) {
	data := ownTrace(t)
	be, br := newBatchEndReader(bytes.NewReader(data))
	if _, err := io.ReadFull(br, make([]byte, genindex.HeaderLen+64)); err != nil {
		t.Fatal(err)
	}
	if !be.stoppedEarly() {
		t.Fatal("stoppedEarly is false with most of the trace unread")
	}
	// Drained as the parser reads, in reads smaller than bufio's buffer: io.Copy would hand the
	// batchEndReader itself to io.Discard's ReadFrom, whose large reads may end at a batch's end.
	buf := make([]byte, 512)
	for {
		if _, err := br.Read(buf); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if be.stoppedEarly() {
		t.Fatal("stoppedEarly is true after the whole trace was read")
	}
}
