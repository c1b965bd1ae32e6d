package analyze

import (
	"testing"

	"github.com/gmp-workbench/gmp-workbench/resources/go/cmd/gmptrace/internal/genindex"
)

// A trace cut inside a generation is read by a parser that holds the
// generation's batches before the cut: the memory estimate counts them, so
// that -reader auto gives a huge cut generation to the own reader as it
// gives a whole one.
func TestPeakEstimateCountsACutGeneration(t *testing.T) {
	const mb = 1 << 20
	whole := genindex.Generation{Offset: 16, End: 16 + 10*mb}
	cut := genindex.Generation{Offset: 16 + 10*mb, Batches: []genindex.Batch{
		{Data: 16 + 10*mb + 20, Size: 60_000},
		{Data: 16 + 10*mb + 400*mb, Size: 60_000}, // the last batch read whole: 400 MB in
	}}
	heldCut := int64(400*mb + 60_000) // from its start to its last batch's end
	for _, c := range []struct {
		name string
		ix   genindex.Index
		want int64 // of the largest generation held
	}{
		{"whole", genindex.Index{Generations: []genindex.Generation{whole}, Complete: true}, 10 * mb},
		{"cut inside its only generation", genindex.Index{Cut: &cut}, heldCut},
		{"cut after a whole one", genindex.Index{Generations: []genindex.Generation{whole}, Cut: &cut}, heldCut},
		{"cut between generations", genindex.Index{Generations: []genindex.Generation{whole}, Cut: &genindex.Generation{Offset: whole.End}}, 10 * mb},
	} {
		if got := c.ix.LargestGeneration(); got != c.want {
			t.Errorf("%s: largest generation %d bytes, want %d", c.name, got, c.want)
		}
		if got, want := PeakEstimate(c.ix, 1), processBase+parsingCost*c.want; got != want {
			t.Errorf("%s: estimate %d, want %d", c.name, got, want)
		}
	}
	// Parsed ahead, the cut generation counts as the others do.
	two := genindex.Index{Generations: []genindex.Generation{whole}, Cut: &cut}
	if got, want := PeakEstimate(two, 2), processBase+max(parsingCost*10*mb+aheadCost*heldCut, parsingCost*heldCut); got != want {
		t.Errorf("-j 2: estimate %d, want %d", got, want)
	}
	if len(two.Generations) != 1 {
		t.Errorf("HeldGenerations changed the index's own list: %d generations", len(two.Generations))
	}
}
