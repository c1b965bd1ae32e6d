package stress

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"
)

func TestEnvReportAndNote(t *testing.T) {
	env, err := NewEnv(1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Values()) != 0 || len(env.Notes()) != 0 {
		t.Fatal("a new Env has values or notes")
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				env.Report(fmt.Sprintf("v%d", i%10), float64(i), "n")
				env.Note("same note")
				env.Note(fmt.Sprintf("note %d", i))
			}
		}()
	}
	wg.Wait()
	if vs := env.Values(); len(vs) != 10 || vs["v3"].Unit != "n" || vs["v3"].Value == nil {
		t.Fatalf("values %v", vs)
	}
	notes := env.Notes()
	if len(notes) != MaxNotes {
		t.Fatalf("%d notes, want the cap %d", len(notes), MaxNotes)
	}
	seen := map[string]bool{}
	for _, n := range notes {
		if seen[n] {
			t.Fatalf("note %q kept twice", n)
		}
		seen[n] = true
	}
	if !seen["same note"] {
		t.Fatal("a note noted by every goroutine was lost")
	}

	env.Report("peak", 3, "threads")
	env.Report("peak", 5, "threads") // last report wins
	env.Report("nan", math.NaN(), "s")
	env.Report("inf", math.Inf(1), "s")
	vs := env.Values()
	if v := vs["peak"]; v.Value == nil || *v.Value != 5 {
		t.Fatalf("peak %+v", v)
	}
	if vs["nan"].Value != nil || vs["inf"].Value != nil {
		t.Fatal("a non-finite value must be written as null")
	}
	vs["peak"] = Value{} // a copy: the Env keeps its own
	if env.Values()["peak"].Value == nil {
		t.Fatal("Values is not a copy")
	}
}

func TestRunWritesValuesAndNotes(t *testing.T) {
	dir := t.TempDir()
	r, err := NewStressRunner(WithConcurrency(1), WithDuration(20*time.Millisecond), WithMetricsInterval(0),
		WithOutDir(dir), WithWarmup(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	warm := true
	sc := Scenario{ID: "values", Group: "sync", Title: "values", Run: func(ctx context.Context, env *Env) error {
		if warm { // the warm-up's values are not the run's
			warm = false
			env.Report("warmup-only", 1, "x")
			env.Note("from the warm-up")
		}
		<-ctx.Done()
		env.Report("peak threads", 7, "threads")
		env.Report("ratio", math.NaN(), "")
		env.Note("cgroup not writable, observing only")
		return nil
	}}
	rep, err := r.Run(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	b := checkedResult(t, dir)
	var got struct {
		Values map[string]struct {
			Value *float64 `json:"value"`
			Unit  string   `json:"unit"`
		} `json:"values"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if v := got.Values["peak threads"]; v.Value == nil || *v.Value != 7 || v.Unit != "threads" {
		t.Fatalf("values %s", b)
	}
	if v, ok := got.Values["ratio"]; !ok || v.Value != nil {
		t.Fatalf("NaN value: %s", b)
	}
	if _, ok := got.Values["warmup-only"]; ok || len(got.Notes) != 1 || got.Notes[0] != "cgroup not writable, observing only" {
		t.Fatalf("values %v, notes %q", got.Values, got.Notes)
	}
	if len(rep.Values) != 2 || len(rep.Notes) != 1 {
		t.Fatalf("report values %v notes %v", rep.Values, rep.Notes)
	}
}
