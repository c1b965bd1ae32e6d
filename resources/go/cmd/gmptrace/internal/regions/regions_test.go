package regions

import "testing"

// Regions pair per goroutine innermost-first (as go tool trace pairs them);
// a region or task that ended without a begin in the trace, or never ended,
// is incomplete; a latency sample counts once for each region type its
// goroutine has open, nested ones of the same type included once; types are
// sorted by how many there were.
func TestRegionsTasksAndTheirLatency(t *testing.T) {
	tr := New()
	tr.RegionBegin(1, "handle", 100)
	tr.RegionBegin(1, "db", 120)
	tr.RegionBegin(1, "db", 130)
	tr.Sample(1, 7)            // inside handle and db (twice nested): counts once for each type
	tr.Sample(2, 1000)         // goroutine 2 has no region open
	tr.RegionEnd(1, "db", 150) // the inner db: 20 ns
	tr.RegionEnd(1, "db", 160) // the outer db: 40 ns
	tr.RegionEnd(1, "handle", 400)
	tr.RegionEnd(3, "handle", 50) // begun before the trace
	tr.RegionBegin(4, "handle", 500)
	tr.Exit(4) // never ends
	tr.TaskBegin(9, "request", 0)
	tr.TaskEnd(9, "request", 900)
	tr.TaskBegin(10, "request", 950) // still open at the end
	tr.Log("cache")
	tr.Log("cache")

	res := tr.Finish()
	if len(res.Regions) != 2 || res.Regions[0].Type != "handle" || res.Regions[1].Type != "db" {
		t.Fatalf("regions %v, want handle (3) then db (2)", res.Regions)
	}
	handle, db := res.Regions[0], res.Regions[1]
	if handle.Count != 1 || handle.Incomplete != 2 || handle.Duration.Max() != 300 {
		t.Errorf("handle: %d complete (max %d ns), %d incomplete; want 1 (300 ns), 2", handle.Count, handle.Duration.Max(), handle.Incomplete)
	}
	if db.Count != 2 || db.Duration.Sum() != 60 || db.Duration.Min() != 20 {
		t.Errorf("db: %d complete, sum %d, min %d; want 2, 60, 20", db.Count, db.Duration.Sum(), db.Duration.Min())
	}
	if handle.Latency.Count() != 1 || db.Latency.Count() != 1 || db.Latency.Sum() != 7 {
		t.Errorf("latency samples: handle %d, db %d (sum %d); want 1, 1 (7)", handle.Latency.Count(), db.Latency.Count(), db.Latency.Sum())
	}
	if len(res.Tasks) != 1 || res.Tasks[0].Count != 1 || res.Tasks[0].Incomplete != 1 || res.Tasks[0].Duration.Max() != 900 {
		t.Errorf("tasks %+v", res.Tasks)
	}
	if res.Logs["cache"] != 2 || res.Dropped != 0 {
		t.Errorf("logs %v, dropped %d", res.Logs, res.Dropped)
	}
}
