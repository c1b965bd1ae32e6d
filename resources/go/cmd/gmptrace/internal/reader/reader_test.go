package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/exp/trace"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/order/ordertest"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/readtest"
)

func TestUnreadable(t *testing.T) {
	for _, in := range []string{"", "not a trace at all", "go 1.99 trace\x00\x00\x00", "go 1.26 trace\x00\x00\x00"} {
		_, err := Read(bytes.NewReader([]byte(in)), func(*Event) bool { return true })
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("%q: err = %v, want ErrUnreadable", in, err)
		}
	}
}

// A panic in the callback (or in x/exp while decoding an event) becomes an
// error; the parser goroutine is released.
func TestCallbackPanicIsContained(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/fuzz/FuzzAnalyze/hog-go1.26.out")
	if err != nil {
		t.Fatal(err)
	}
	s := string(seed)
	q := strings.TrimSuffix(strings.TrimSpace(s[strings.Index(s, "[]byte(")+len("[]byte("):]), ")")
	data, err := strconv.Unquote(q)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	info, err := Read(bytes.NewReader([]byte(data)), func(*Event) bool {
		n++
		if n == 10 {
			panic("boom")
		}
		return true
	})
	if err == nil && !info.Partial {
		t.Fatalf("panic not reported: %+v", info)
	}
	// And the same trace reads completely without the panic.
	info, err = Read(bytes.NewReader([]byte(data)), func(*Event) bool { return true })
	if err != nil || info.Partial || info.Generations < 1 || info.GoVersion != "go1.26" {
		t.Fatalf("clean read: %+v %v", info, err)
	}
}

// A consumer that returns false gets no event after that one, the read ends
// without an error and says it was stopped, and every parser goroutine is
// released: with one parser and with several reading spans ahead.
func TestConsumerStopsTheRead(t *testing.T) {
	data := ownTrace(t)
	var all int
	full, err := Read(bytes.NewReader(data), func(*Event) bool { all++; return true })
	if err != nil || full.Stopped || all < 1000 {
		t.Fatalf("whole read: %d events, %+v %v", all, full, err)
	}
	before := runtime.NumGoroutine()
	stopAt := all / 3
	read := func(name string, run func(fn func(*Event) bool) (Info, error)) {
		n := 0
		info, err := run(func(*Event) bool { n++; return n < stopAt })
		if err != nil || !info.Stopped || info.Partial || n != stopAt {
			t.Errorf("%s: %d events handed (want %d), %+v %v", name, n, stopAt, info, err)
		}
	}
	read("Read", func(fn func(*Event) bool) (Info, error) { return Read(bytes.NewReader(data), fn) })
	ix, err := genindex.Scan(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// The one generation three times over: the parsers after the first are
	// started ahead (j = 3) and must be stopped too.
	g := ix.Generations[0]
	spans := []Span{{g.Offset, g.End}, {g.Offset, g.End}, {g.Offset, g.End}}
	read("ReadSpans", func(fn func(*Event) bool) (Info, error) { return ReadSpans(bytes.NewReader(data), spans, 3, fn) })
	readtest.GoroutinesBack(t, before, "the stopped reads")
}

// panicking records the events it decodes (index, time, kind), and panics
// on the one at panicAt.
type panicking struct {
	panicAt int64
	got     []decoded
}

type decoded struct {
	i    int64
	u    trace.Time
	kind trace.EventKind
}

func (d *panicking) Add(ev *trace.Event, i int64, u trace.Time) {
	if i == d.panicAt {
		panic("boom")
	}
	d.got = append(d.got, decoded{i, u, ev.Kind()})
}
func (d *panicking) Len() int { return len(d.got) }
func (d *panicking) Take([]decoded) []decoded {
	out := d.got
	d.got = nil
	return out
}

// readPanicking reads data with a decoder that panics at event panicAt (-1:
// none), and returns what was handed over.
func readPanicking(data []byte, panicAt int64) (Info, []decoded, error) {
	var got []decoded
	info, err := ReadDecoded(bytes.NewReader(data), func(int) Decoder[[]decoded] { return &panicking{panicAt: panicAt} }, func(b []decoded, _ Pos) bool {
		got = append(got, b...)
		return true
	})
	return info, got, err
}

// A panic of the decoder (which runs in a goroutine of its own, beside the
// reading) ends the read as a parser failure after the events decoded before
// it, every one of them handed over once and in order, and releases both of
// the parser's goroutines.
func TestDecoderPanicEndsTheRead(t *testing.T) {
	data := ownTrace(t)
	before := runtime.NumGoroutine()
	panicAt := int64(3*BatchSize + 17) // in a later batch than the first ones the reading has handed over
	info, got, err := readPanicking(data, panicAt)
	if said := fmt.Sprint(err, info.Err); !strings.Contains(said, "parser failure: boom") {
		t.Fatalf("the decoder's panic is not the read's end: %+v, %v", info, err)
	}
	if int64(len(got)) != panicAt {
		t.Fatalf("%d events handed over, want the %d before the panic", len(got), panicAt)
	}
	indices := make([]int64, len(got))
	for k, e := range got {
		indices[k] = e.i
	}
	readtest.Indices(t, indices)
	readtest.GoroutinesBack(t, before, "the failed read")
}

// A decoder's panic on the Sync that begins a generation ends the read at
// that Sync's time, as a failure of the reading there would: the batch
// before it, handed over when the Sync was read, carries its time.
func TestDecoderPanicOnASync(t *testing.T) {
	data := ordertest.MadeTrace(ordertest.RunsG(1), ordertest.RunsG(1))
	read := func(panicAt int64) (Info, []decoded) {
		info, got, err := readPanicking(data, panicAt)
		if err != nil {
			t.Fatalf("panic at %d: %v", panicAt, err)
		}
		return info, got
	}
	info, all := read(-1)
	second := slices.IndexFunc(all[1:], func(e decoded) bool { return e.kind == trace.EventSync }) + 1
	if info.Err != nil || second == 0 || second == len(all)-1 {
		t.Fatalf("the made trace of two generations read as %+v: %+v", info, all)
	}
	info, got := read(int64(second))
	if info.Err == nil || !strings.Contains(info.Err.Error(), "parser failure: boom") || !info.Partial {
		t.Fatalf("the panic on the second generation's Sync: %+v", info)
	}
	if !slices.Equal(got, all[:second]) || info.Last != all[second].u {
		t.Fatalf("handed over %+v, the read ending at %d; want %+v, ending at the Sync's time %d", got, info.Last, all[:second], all[second].u)
	}
}
