package stress

import (
	"errors"
	"testing"
)

func TestResolveParams(t *testing.T) {
	defs := []Param{
		{Name: "n", Type: Int, Default: "2", Min: "1", Max: "64"},
		{Name: "f", Type: Float, Default: "0.5", Min: "0", Max: "1"},
		{Name: "d", Type: Duration, Default: "1ms", Min: "10µs", Max: "1s"},
		{Name: "b", Type: Bool, Default: "false"},
		{Name: "e", Type: Enum, Default: "a", Choices: []string{"a", "b"}},
		{Name: "s", Type: String, Default: ""},
		{Name: "open", Type: Int, Default: "5", Min: "0"},
	}
	got, err := ResolveParams(defs, map[string]string{"n": "64", "d": "1s", "e": "b", "s": "x y"})
	if err != nil {
		t.Fatal(err)
	}
	if got["n"] != "64" || got["f"] != "0.5" || got["d"] != "1s" || got["e"] != "b" || got["b"] != "false" || got["s"] != "x y" {
		t.Fatalf("resolved %v", got)
	}
	// Numbers are kept trimmed, as they were checked; text is kept as given.
	spaced, err := ResolveParams(defs, map[string]string{"n": " 5 ", "f": "0.25\t", "d": " 10ms", "s": " x "})
	if err != nil {
		t.Fatal(err)
	}
	if spaced["n"] != "5" || spaced["f"] != "0.25" || spaced["d"] != "10ms" || spaced["s"] != " x " {
		t.Fatalf("resolved %q", spaced)
	}
	bad := []struct {
		params map[string]string
		msg    string
	}{
		{map[string]string{"n": "65"}, "n: 65 is out of range (accepted: int 1..64)"},
		{map[string]string{"n": "0"}, "n: 0 is out of range (accepted: int 1..64)"},
		{map[string]string{"n": "two"}, `n: "two" is not an integer (accepted: int 1..64)`},
		{map[string]string{"f": "1.5"}, "f: 1.5 is out of range (accepted: float 0..1)"},
		{map[string]string{"f": "NaN"}, `f: "NaN" is not a finite number (accepted: float 0..1)`},
		{map[string]string{"d": "5µs"}, "d: 5µs is out of range (accepted: duration 10µs..1s)"},
		{map[string]string{"d": "5"}, `d: "5" is not a Go duration (accepted: duration 10µs..1s)`},
		{map[string]string{"b": "maybe"}, `b: "maybe" is not a bool (accepted: true or false)`},
		{map[string]string{"e": "c"}, `e: "c" is not a choice (accepted: one of a, b)`},
		{map[string]string{"open": "-1"}, "open: -1 is out of range (accepted: int ≥ 0)"},
		{map[string]string{"zzz": "1"}, "zzz: unknown parameter (accepted: n, f, d, b, e, s, open)"},
	}
	for _, c := range bad {
		_, err := ResolveParams(defs, c.params)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("%v: want *ParamError, got %v", c.params, err)
			continue
		}
		if err.Error() != c.msg {
			t.Errorf("%v:\n got %s\nwant %s", c.params, err, c.msg)
		}
	}
}
