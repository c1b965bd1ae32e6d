package genindex

import (
	"strings"
	"testing"
)

// Real traces of Go 1.22–1.26 are indexed in the main package's tests
// (TestIndexMatchesParser, FuzzIndex), next to the programs that make them.

func TestScanRejectsNonTraces(t *testing.T) {
	for name, data := range map[string]string{
		"empty": "", "junk": "hello, world, this is not a trace", "v1": "go 1.21 trace\x00\x00\x00",
	} {
		if _, err := Scan(strings.NewReader(data), int64(len(data))); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A cut batch ends the index; what precedes it stays listed (before Go 1.26
// a generation is complete once a batch of the next one begins).
func TestScanStopsAtCutBatch(t *testing.T) {
	// Two Go 1.25 generations of one batch each, then a batch cut short.
	hdr := "go 1.25 trace\x00\x00\x00"
	batch := func(gen, tick byte, data string) string {
		return string([]byte{evEventBatch, gen, 1, tick, byte(len(data))}) + data
	}
	sync := string([]byte{evSync, evFrequency, 0x80, 0x94, 0xeb, 0xdc, 0x03, evClockSnapshot, 0, 0, 0, 0}) // 1e9 ticks/s
	in := hdr + batch(1, 10, sync) + batch(2, 20, sync) + batch(3, 30, sync)[:6]
	ix, err := Scan(strings.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	if ix.Complete || ix.Err == nil || len(ix.Generations) != 2 {
		t.Fatalf("index %+v: want generations 1 and 2, incomplete", ix)
	}
	for i, g := range ix.Generations {
		off := int64(HeaderLen + 17*i)
		if g.Gen != uint64(i+1) || g.Offset != off || g.End != off+17 || g.NsPerTick != 1 || g.Time(g.MinTick) != int64(10*(i+1)) {
			t.Errorf("generation %d: %+v", i, g)
		}
	}
}

// As x/exp/trace, a Go 1.25+ generation needs one clock snapshot: one
// without, or with two, ends the index before it.
func TestScanNeedsOneClockSnapshot(t *testing.T) {
	hdr := "go 1.25 trace\x00\x00\x00"
	batch := func(gen byte, data ...byte) string {
		return string([]byte{evEventBatch, gen, 1, 10 * gen, byte(len(data))}) + string(data)
	}
	freq := []byte{evSync, evFrequency, 0x80, 0x94, 0xeb, 0xdc, 0x03}
	clock := []byte{evClockSnapshot, 0, 0, 0, 0}
	good := batch(1, append(append([]byte{}, freq...), clock...)...)
	for name, c := range map[string]struct {
		second string
		err    string
	}{
		"none": {batch(2, freq...), "no clock snapshot event found"},
		"two":  {batch(2, append(append(append([]byte{}, freq...), clock...), clock...)...), "found multiple clock snapshot events"},
	} {
		in := hdr + good + c.second
		ix, err := Scan(strings.NewReader(in), int64(len(in)))
		if err != nil || len(ix.Generations) != 1 || ix.Complete || ix.Err == nil || !strings.Contains(ix.Err.Error(), c.err) || ix.Cut != nil {
			t.Errorf("%s: index %+v, %v; want generation 1 only, and %q", name, ix, err, c.err)
		}
	}
}

func TestVersion(t *testing.T) {
	for in, want := range map[string]string{
		"go 1.26 trace\x00\x00\x00":    "go1.26",
		"go 1.22 trace\x00\x00\x00":    "go1.22",
		"go 1.9 trace\x00\x00\x00\x00": "go1.9",
		"gopher":                       "",
		"go 1.x trace":                 "",
	} {
		if got, _ := Version([]byte(in)); got != want {
			t.Errorf("Version(%q) = %q, want %q", in, got, want)
		}
	}
}
