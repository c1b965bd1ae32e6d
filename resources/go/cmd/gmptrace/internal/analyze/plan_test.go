package analyze

import "testing"

// A trace is string-heavy when its string tables are a quarter of it or more
// and large: a small program's trace can be a quarter function names.
func TestStringHeavy(t *testing.T) {
	for _, c := range []struct {
		strings, size int64
		want          bool
	}{
		{141 << 20, 166 << 20, true},
		{5 << 20, 20 << 20, true},
		{5 << 20, 21 << 20, false},
		{300 << 10, 800 << 10, false}, // the regions program's trace: names
		{0, 0, false},
	} {
		if got := (Plan{StringBytes: c.strings, TraceBytes: c.size}).StringHeavy(); got != c.want {
			t.Errorf("%d of %d bytes strings: string-heavy %v, want %v", c.strings, c.size, got, c.want)
		}
	}
}
