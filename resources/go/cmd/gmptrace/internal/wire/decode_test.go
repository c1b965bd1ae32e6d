package wire

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// data encodes events: each a type then its uvarints.
func data(events ...[]uint64) []byte {
	var b []byte
	for _, ev := range events {
		b = append(b, byte(ev[0]))
		for _, v := range ev[1:] {
			b = binary.AppendUvarint(b, v)
		}
	}
	return b
}

func TestDecoderReadsEventsAsWritten(t *testing.T) {
	b := data([]uint64{uint64(EvGoStart), 5, 7, 1}, []uint64{uint64(EvStack), 3, 1, 0x401000, 2, 3, 42})
	b = append(b, byte(EvString))
	b = binary.AppendUvarint(b, 9)
	b = binary.AppendUvarint(b, 4)
	b = append(b, "main"...)
	d := NewDecoder(Specs(26))
	d.Reset(b)
	var got []string
	var ev Event
	for {
		ok, err := d.Next(&ev)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, fmt.Sprintf("%s %v %s", specs[ev.Type].Name, ev.Args, ev.Data))
	}
	want := []string{"GoStart [5 7 1] ", "Stack [3 1 4198400 2 3 42] ", "String [9] main"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// What cannot be decoded is an error naming where, and ends the batch.
func TestDecoderRefusesWhatIsNotTheFormat(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		says string
	}{
		{"a type of a later version", data([]uint64{uint64(EvGoSwitch), 1, 2, 3}), "type 45 is not an event"},
		{"an experiment's type before Go 1.23", data([]uint64{uint64(EvHeapObjectAlloc), 1, 2, 3}), "type 132 is not an event"},
		{"type zero", []byte{0}, "type 0 is not an event"},
		{"cut inside an argument", []byte{byte(EvGoStart), 0x80}, "ends inside an event"},
		{"a uvarint past 64 bits", append([]byte{byte(EvGoStart)}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), "overflows"},
		{"more frames than bytes", data([]uint64{uint64(EvStack), 1, 1 << 40}), "stack of 1099511627776 frames"},
		{"more data than bytes", data([]uint64{uint64(EvString), 1, 100}), "100 bytes of data"},
	} {
		d := NewDecoder(Specs(22))
		d.Reset(c.data)
		var ev Event
		ok, err := d.Next(&ev)
		if ok || err == nil || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "data offset 0") {
			t.Errorf("%s: ok %v, error %v; want one saying %q at data offset 0", c.name, ok, err, c.says)
		}
		if ok, err := d.Next(&ev); ok || err != nil {
			t.Errorf("%s: after the error, got %v, %v; want the end", c.name, ok, err)
		}
	}
}

// Each version knows the types up to the last it added, and from Go 1.23
// the experiments'.
func TestSpecsByVersion(t *testing.T) {
	for minor, last := range map[int]Type{22: EvUserLog, 23: EvExperimentalBatch, 25: EvClockSnapshot, 26: EvEndOfGeneration} {
		table := Specs(minor)
		var known []Type
		for typ, s := range table {
			if s.Name != "" && Type(typ) < EvSpan {
				known = append(known, Type(typ))
			}
		}
		if got := known[len(known)-1]; got != last || len(known) != int(last) {
			t.Errorf("Go 1.%d: %d types, the last %s; want %d, the last %s", minor, len(known), got, last, last)
		}
		if hasExp := len(table) > int(EvGoroutineStackFree) && table[EvHeapObjectAlloc].Name == "HeapObjectAlloc"; hasExp != (minor >= 23) {
			t.Errorf("Go 1.%d: experimental events known: %v", minor, hasExp)
		}
	}
	for typ, s := range specs {
		if typ != int(EvNone) && (Type(typ) <= EvEndOfGeneration || Type(typ) >= EvSpan) && s.Name == "" {
			t.Errorf("type %d has no spec", typ)
		}
		if s.Timed && s.Args[0] != "dt" {
			t.Errorf("%s is timed but its first argument is %q", s.Name, s.Args[0])
		}
		if len(s.Args) > MaxArgs && !s.IsStack {
			t.Errorf("%s has %d arguments, more than MaxArgs", s.Name, len(s.Args))
		}
	}
}
