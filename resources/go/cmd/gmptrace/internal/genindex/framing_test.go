package genindex

import "testing"

// Fed in pieces of every size, the framing knows at each byte how much of
// its batch's data is left: the data of a regular and an experimental
// batch, nothing in headers or at a Go 1.26 end of generation; and it stops
// following bytes that are not a Go 1.22+ trace.
func TestFramingFollowsBatches(t *testing.T) {
	hdr := "go 1.26 trace\x00\x00\x00"
	// A batch with a 2-byte (non-minimal) uvarint length, an experimental one, an end of generation.
	regular := string([]byte{evEventBatch, 1, 1, 10, 0x83, 0x00}) + "abc"
	experimental := string([]byte{evExperimentalBatch, 7, 1, 2, 20, 2}) + "xy"
	trace := hdr + regular + experimental + string([]byte{evEndOfGeneration}) + string([]byte{evEventBatch, 2, 1, 30, 0})
	// Data bytes left after each byte of the trace.
	want := make([]uint64, len(trace))
	at := len(hdr) + 6
	want[at-1], want[at], want[at+1] = 3, 2, 1
	at = len(hdr) + len(regular) + 6
	want[at-1], want[at] = 2, 1
	for piece := 1; piece <= len(trace); piece++ {
		var f Framing
		got := make([]uint64, 0, len(trace))
		for i := 0; i < len(trace); i += piece {
			chunk := trace[i:min(i+piece, len(trace))]
			for k := range chunk {
				// Feed the chunk's bytes up to k to read the state after each; the
				// chunk itself is fed whole below, as a reader would.
				var probe Framing = f
				probe.Feed([]byte(chunk[:k+1]))
				got = append(got, probe.DataLeft())
			}
			f.Feed([]byte(chunk))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("pieces of %d: after byte %d, %d data bytes left, want %d", piece, i, got[i], want[i])
			}
		}
		if f.state != atBatch {
			t.Fatalf("pieces of %d: ends in state %d, want at a batch", piece, f.state)
		}
	}
	for name, in := range map[string]string{
		"a v1 trace":                          "go 1.21 trace\x00\x00\x00" + regular,
		"not a trace":                         "hello, this is not a trace at all",
		"an unknown batch":                    hdr + "\x09" + regular,
		"a batch over 64 KiB":                 hdr + string([]byte{evEventBatch, 1, 1, 10, 0x81, 0x80, 0x08}) + "abc",
		"a generation 0":                      hdr + string([]byte{evEventBatch, 0, 1, 10, 3}) + "abc",
		"an end of generation before Go 1.26": "go 1.25 trace\x00\x00\x00" + string([]byte{evEndOfGeneration}) + regular,
		"an endless uvarint":                  hdr + string([]byte{evEventBatch, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) + "abc",
	} {
		var f Framing
		f.Feed([]byte(in))
		if f.state != lost || f.DataLeft() != 0 {
			t.Errorf("%s: state %d, %d data bytes left; want it lost", name, f.state, f.DataLeft())
		}
	}
}
