package order

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire"
	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/wire/wiretest"
)

// madeString is a string of a made string table.
type madeString struct {
	id uint64
	s  string
}

// tablesTrace is a Go 1.22 trace of one generation whose tables are stack 1
// (one frame, naming strings 1 and 2) and strs, written 500 to a batch.
func tablesTrace(strs []madeString) []byte {
	out := wiretest.Header(22)
	batch := func(m uint64, data []byte) { out = wiretest.AppendBatch(out, 1, m, 1000, data) }
	uvarints := func(data []byte, vs ...uint64) []byte {
		for _, v := range vs {
			data = binary.AppendUvarint(data, v)
		}
		return data
	}
	batch(0, uvarints([]byte{byte(wire.EvFrequency)}, 1e9))
	batch(0, uvarints([]byte{byte(wire.EvStacks), byte(wire.EvStack)}, 1, 1, 0x10, 1, 2, 7))
	for len(strs) > 0 {
		n := min(500, len(strs))
		data := []byte{byte(wire.EvStrings)}
		for _, s := range strs[:n] {
			data = append(uvarints(append(data, byte(wire.EvString)), s.id, uint64(len(s.s))), s.s...)
		}
		batch(0, data)
		strs = strs[n:]
	}
	return out
}

// readMadeTables reads the tables of the made trace's generation.
func readMadeTables(t *testing.T, data []byte) (*stringTable, map[uint64][]Frame, error) {
	t.Helper()
	r := bytes.NewReader(data)
	ix, err := genindex.Scan(r, int64(len(data)))
	if err != nil || len(ix.Generations) != 1 {
		t.Fatalf("the made trace does not index as one generation: %v", err)
	}
	g := ix.Generations[0]
	raw, names, err := readStacks(r, ix.Version, g)
	if err != nil {
		t.Fatal(err)
	}
	strs, err := readStringTable(r, ix.Version, g, names)
	if err != nil {
		return nil, nil, err
	}
	stacks, err := strs.resolve(g, raw)
	return strs, stacks, err
}

// A generation's string table holds the strings its stacks name and those
// asked for, not the many log messages it also lists: they are read again
// from the file when asked for. Every ID is known, so an event naming one
// the table lacks is still refused.
func TestTheStringTableHoldsWhatIsAskedFor(t *testing.T) {
	strs := []madeString{{1, "main.work"}, {2, "/src/main.go"}, {3, "category"}}
	const messages = 20000
	for i := range uint64(messages) {
		strs = append(strs, madeString{4 + i, fmt.Sprintf("message %d", i)})
	}
	strs = append(strs, madeString{1 << 60, "far"}) // a made trace's ID far past the others
	table, stacks, err := readMadeTables(t, tablesTrace(strs))
	if err != nil {
		t.Fatal(err)
	}
	if f := stacks[1]; len(f) != 1 || f[0].Func != "main.work" || f[0].File != "/src/main.go" || f[0].Line != 7 {
		t.Fatalf("stack 1 is %+v", f)
	}
	if len(table.held) != 3 {
		t.Fatalf("%d strings held after reading the tables; want the 2 the stacks name and \"\"", len(table.held))
	}
	for _, s := range strs {
		if !table.has(s.id) {
			t.Fatalf("string %d not known", s.id)
		}
	}
	if table.has(4+messages) || table.has(1<<60+1) {
		t.Error("an ID the table lacks is said known")
	}
	for _, s := range []madeString{{3, "category"}, {4 + 12345, "message 12345"}, {1 << 60, "far"}, {0, ""}} {
		if got, ok := table.get(s.id); !ok || got != s.s {
			t.Errorf("string %d is %q (%v), want %q", s.id, got, ok, s.s)
		}
	}
	if got, ok := table.get(4 + messages); ok || got != "" {
		t.Errorf("a missing string is %q (%v)", got, ok)
	}
	if len(table.held) != 6 {
		t.Errorf("%d strings held after 3 others asked for; want 6", len(table.held))
	}
}

// As x/exp/trace, a generation that writes a string ID twice, or whose
// stack names a string it lacks, is refused.
func TestTheStringTableRefusesWhatXExpRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		strs []madeString
		want string
	}{
		{"an ID twice, in two batches", func() []madeString {
			strs := []madeString{{1, "f"}, {2, "file"}}
			for i := range uint64(600) {
				strs = append(strs, madeString{3 + i, "m"})
			}
			return append(strs, madeString{7, "again"})
		}(), "two strings with ID 7"},
		{"a stack's file missing", []madeString{{1, "f"}}, "names a string its string table lacks"},
	} {
		if _, _, err := readMadeTables(t, tablesTrace(c.strs)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want an error saying %q", c.name, err, c.want)
		}
	}
}

// An ID far past the others is kept apart from the bitset, and found still
// once the bitset grows past it.
func TestIDSet(t *testing.T) {
	var s idSet
	if !s.add(100000) || s.sparse == nil {
		t.Fatal("an ID far past none was not kept apart")
	}
	for id := range uint64(100001) {
		if id != 100000 && !s.add(id) {
			t.Fatalf("%d said there before it was added", id)
		}
	}
	if len(s.bits) <= 100000/64 {
		t.Fatal("the bitset did not grow past the ID kept apart")
	}
	if !s.has(100000) || s.add(100000) || s.has(100001) {
		t.Error("the ID kept apart is lost, or one never added is there")
	}
}

// idSetOf holds a map's keys, dense ones in the bitset whatever order the
// map yields them in, and one far past them apart.
func TestIDSetOf(t *testing.T) {
	m := map[uint64]bool{1 << 40: true}
	for id := range uint64(200_000) {
		if id%3 != 0 {
			m[id] = true
		}
	}
	s := idSetOf(m)
	if len(s.sparse) != 1 || !s.sparse[1<<40] {
		t.Fatalf("kept apart: %v, want only the far ID", s.sparse)
	}
	for id := range uint64(200_002) {
		if s.has(id) != m[id] {
			t.Fatalf("has(%d) = %v, the map says %v", id, s.has(id), m[id])
		}
	}
	if !s.has(1 << 40) {
		t.Fatal("the far ID is lost")
	}
}
