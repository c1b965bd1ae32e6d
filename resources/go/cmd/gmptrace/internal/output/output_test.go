package output

import (
	"encoding/json"
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/quantile"
)

// A histogram bin is PROTOCOL.md §2.1's [lo, hi, n], with null for an open
// end, and reads back as written; anything else is refused.
func TestBinIsThreeElementArray(t *testing.T) {
	hi := 0.25
	b, err := json.Marshal([]Bin{{Lo: nil, Hi: &hi, N: 3}})
	if err != nil || string(b) != `[[null,0.25,3]]` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	var back []Bin
	if err := json.Unmarshal(b, &back); err != nil || back[0].Lo != nil || *back[0].Hi != 0.25 || back[0].N != 3 {
		t.Fatalf("unmarshal: %+v %v", back, err)
	}
	var bad Bin
	if err := json.Unmarshal([]byte(`[1, 2]`), &bad); err == nil {
		t.Error("a two-element bin was accepted")
	}
}

// MakeHist states a distribution in seconds: count, sum and exact quantiles
// with the smallest and largest sample; no quantiles at all when empty.
func TestMakeHistInSeconds(t *testing.T) {
	var d quantile.Dist
	var th quantile.TimeHist
	for _, ns := range []int64{1000, 2000, 3000, 4000, 1_000_000} {
		d.Add(ns)
		th.Add(ns)
	}
	h := MakeHist(&d, &th)
	if h.Count != 5 || h.SumS != 0.00101 || Q(h.P50) != 3e-6 || Q(h.Max) != 1e-3 || Q(h.Min) != 1e-6 || h.RelErr != 0 {
		t.Errorf("hist %+v (p50 %v, max %v, min %v)", h, Q(h.P50), Q(h.Max), Q(h.Min))
	}
	var n uint64
	for _, b := range h.Bins {
		n += b.N
	}
	if n != 5 || h.Unit != "s" {
		t.Errorf("bins hold %d samples in %q, want 5 in s", n, h.Unit)
	}
	empty := MakeHist(&quantile.Dist{}, &quantile.TimeHist{})
	if empty.Count != 0 || empty.P50 != nil || empty.Max != nil || Q(empty.P99) != 0 {
		t.Errorf("empty hist %+v", empty)
	}
}
