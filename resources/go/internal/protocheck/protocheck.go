// Package protocheck validates harness output files against PROTOCOL.md
// (result.json §2.2, metrics.jsonl §2.3, -list -json §4). It is used by tests.
package protocheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

type checker struct {
	errs []string
}

func (c *checker) fail(path, format string, a ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, a...))
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return fmt.Errorf("%d problem(s):\n  %s", len(c.errs), strings.Join(c.errs, "\n  "))
}

func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

func (c *checker) obj(path string, v any, required ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "want an object, got %T", v)
		return nil
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			c.fail(path, "missing %q", k)
		}
	}
	return m
}

func (c *checker) num(path string, v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		c.fail(path, "want a number, got %T", v)
		return 0, false
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) {
		c.fail(path, "bad number %v", n)
		return 0, false
	}
	return f, true
}

func (c *checker) nonneg(path string, v any) {
	if f, ok := c.num(path, v); ok && f < 0 {
		c.fail(path, "negative: %v", f)
	}
}

func (c *checker) str(path string, v any) string {
	s, ok := v.(string)
	if !ok {
		c.fail(path, "want a string, got %T", v)
	}
	return s
}

func (c *checker) boolean(path string, v any) {
	if _, ok := v.(bool); !ok {
		c.fail(path, "want a bool, got %T", v)
	}
}

func (c *checker) strMap(path string, v any) {
	m := c.obj(path, v)
	for k, x := range m {
		c.str(path+"."+k, x)
	}
}

func (c *checker) strList(path string, v any) []string {
	l, ok := v.([]any)
	if !ok {
		c.fail(path, "want an array, got %T", v)
		return nil
	}
	var out []string
	for i, x := range l {
		out = append(out, c.str(fmt.Sprintf("%s[%d]", path, i), x))
	}
	return out
}

// hist checks a §2.1 histogram; quantiles are required when withQ and count > 0.
func (c *checker) hist(path string, v any, withQ bool) {
	m := c.obj(path, v, "unit", "count", "bins")
	if m == nil {
		return
	}
	c.str(path+".unit", m["unit"])
	count, _ := c.num(path+".count", m["count"])
	bins, ok := m["bins"].([]any)
	if !ok {
		c.fail(path+".bins", "want an array")
		return
	}
	var sum float64
	prevHi := math.Inf(-1)
	for i, b := range bins {
		bp := fmt.Sprintf("%s.bins[%d]", path, i)
		t, ok := b.([]any)
		if !ok || len(t) != 3 {
			c.fail(bp, "want [lo, hi, n]")
			continue
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if t[0] != nil {
			lo, _ = c.num(bp+"[0]", t[0])
		} else if i != 0 {
			c.fail(bp, "lo null (−Inf) only allowed in the first bin")
		}
		if t[1] != nil {
			hi, _ = c.num(bp+"[1]", t[1])
		} else if i != len(bins)-1 {
			c.fail(bp, "hi null (+Inf) only allowed in the last bin")
		}
		n, _ := c.num(bp+"[2]", t[2])
		if n <= 0 {
			c.fail(bp, "empty bins must be omitted (n=%v)", n)
		}
		if !(lo < hi) {
			c.fail(bp, "lo %v ≥ hi %v", lo, hi)
		}
		if lo < prevHi {
			c.fail(bp, "bins do not ascend")
		}
		prevHi = hi
		sum += n
	}
	if sum != count {
		c.fail(path, "count %v != sum of bins %v", count, sum)
	}
	if withQ && count > 0 {
		var prev float64 = math.Inf(-1)
		for _, q := range []string{"p50", "p90", "p99", "p999", "max"} {
			x, ok := m[q]
			if !ok {
				c.fail(path, "missing %s", q)
				continue
			}
			f, ok := c.num(path+"."+q, x)
			if ok && f < prev && q != "max" {
				c.fail(path+"."+q, "quantiles not monotonic")
			}
			prev = f
		}
	}
	if ge, ok := m["ge"]; ok {
		c.boolean(path+".ge", ge)
	}
}

// Result validates a result.json document.
func Result(b []byte) error {
	v, err := decode(b)
	if err != nil {
		return err
	}
	c := &checker{}
	m := c.obj("$", v, "schema", "scenario", "params", "labels", "config", "provenance", "stopped", "wall_s",
		"ops", "ops_per_s", "op_latency", "metrics", "unavailable", "artifacts", "pprof_addr", "errors")
	if m == nil {
		return c.err()
	}
	if s, _ := c.num("$.schema", m["schema"]); s != 1 {
		c.fail("$.schema", "want 1")
	}
	if c.str("$.scenario", m["scenario"]) == "" {
		c.fail("$.scenario", "empty")
	}
	c.strMap("$.params", m["params"])
	c.strMap("$.labels", m["labels"])
	if cfg := c.obj("$.config", m["config"], "concurrency", "duration_s", "warmup_s", "metrics_interval_s", "capture"); cfg != nil {
		if n, _ := c.num("$.config.concurrency", cfg["concurrency"]); n < 1 {
			c.fail("$.config.concurrency", "< 1")
		}
		c.nonneg("$.config.duration_s", cfg["duration_s"])
		c.nonneg("$.config.warmup_s", cfg["warmup_s"])
		c.nonneg("$.config.metrics_interval_s", cfg["metrics_interval_s"])
		for i, k := range c.strList("$.config.capture", cfg["capture"]) {
			if !strings.Contains(",cpu,heap,allocs,mutex,block,goroutine,trace,flight,", ","+k+",") {
				c.fail(fmt.Sprintf("$.config.capture[%d]", i), "unknown kind %q", k)
			}
		}
	}
	if p := c.obj("$.provenance", m["provenance"], "go_version", "goos", "goarch", "num_cpu", "gomaxprocs",
		"gomaxprocs_default", "cgroup_cpu_limit", "kernel", "godebug", "gogc", "hostname", "pid", "started_at"); p != nil {
		for _, k := range []string{"go_version", "goos", "goarch", "kernel", "godebug", "gogc", "hostname", "started_at"} {
			c.str("$.provenance."+k, p[k])
		}
		for _, k := range []string{"num_cpu", "gomaxprocs", "pid"} {
			if n, _ := c.num("$.provenance."+k, p[k]); n < 1 {
				c.fail("$.provenance."+k, "< 1")
			}
		}
		c.boolean("$.provenance.gomaxprocs_default", p["gomaxprocs_default"])
		if p["cgroup_cpu_limit"] != nil {
			c.nonneg("$.provenance.cgroup_cpu_limit", p["cgroup_cpu_limit"])
		}
	}
	c.boolean("$.stopped", m["stopped"])
	c.nonneg("$.wall_s", m["wall_s"])
	c.nonneg("$.ops", m["ops"])
	c.nonneg("$.ops_per_s", m["ops_per_s"])
	if m["op_latency"] != nil {
		c.hist("$.op_latency", m["op_latency"], true)
	}
	if mm := c.obj("$.metrics", m["metrics"]); mm != nil {
		for name, x := range mm {
			p := "$.metrics[" + name + "]"
			if !strings.HasPrefix(name, "/") || !strings.Contains(name, ":") {
				c.fail(p, "not a runtime/metrics name")
			}
			e := c.obj(p, x, "kind")
			if e == nil {
				continue
			}
			switch c.str(p+".kind", e["kind"]) {
			case "histogram":
				c.hist(p, e, true)
			case "counter":
				c.obj(p, x, "delta")
				if _, ok := e["delta"]; ok {
					c.num(p+".delta", e["delta"])
				}
			case "gauge":
				c.obj(p, x, "start", "end")
				if _, ok := e["start"]; ok {
					c.num(p+".start", e["start"])
					c.num(p+".end", e["end"])
				}
			default:
				c.fail(p+".kind", "unknown kind")
			}
		}
	}
	c.strList("$.unavailable", m["unavailable"])
	if arts, ok := m["artifacts"].([]any); ok {
		for i, a := range arts {
			p := fmt.Sprintf("$.artifacts[%d]", i)
			if o := c.obj(p, a, "name", "kind"); o != nil {
				c.str(p+".name", o["name"])
				c.str(p+".kind", o["kind"])
				if cov, ok := o["covers"]; ok && cov != "window" {
					c.fail(p+".covers", `want "window" or no field`)
				}
			}
		}
	} else {
		c.fail("$.artifacts", "want an array")
	}
	if m["pprof_addr"] != nil {
		c.str("$.pprof_addr", m["pprof_addr"])
	}
	c.strList("$.errors", m["errors"])
	if vs, ok := m["values"]; ok { // additive (§2.2): absent in older files
		if o, ok := vs.(map[string]any); ok {
			for k, v := range o {
				p := "$.values." + k
				if e := c.obj(p, v, "value", "unit"); e != nil {
					if e["value"] != nil {
						c.num(p+".value", e["value"])
					}
					c.str(p+".unit", e["unit"])
				}
			}
		} else {
			c.fail("$.values", "want an object")
		}
	}
	if ns, ok := m["notes"]; ok {
		c.strList("$.notes", ns)
	}
	// Additive (§2.2): absent when the parent of a child wrote the file, and
	// the CPU limit without a readable cgroup.
	if g, ok := m["gomaxprocs"]; ok {
		c.watched("$.gomaxprocs", g, 1)
	}
	if l, ok := m["cpu_limit"]; ok {
		c.watched("$.cpu_limit", l, 0)
	}
	if ch, ok := m["child"]; ok && ch != nil {
		if o := c.obj("$.child", ch, "exit_code", "timed_out", "stderr_tail"); o != nil {
			c.num("$.child.exit_code", o["exit_code"])
			c.boolean("$.child.timed_out", o["timed_out"])
			c.str("$.child.stderr_tail", o["stderr_tail"])
		}
	}
	return c.err()
}

// watched checks a watched setting of result.json ("gomaxprocs", "cpu_limit"):
// the configured value, the one in force during the window (both ≥ least),
// and a change list that is ordered in time, in known phases, and chains
// (each change starts from the previous one's value).
func (c *checker) watched(path string, v any, least float64) {
	g := c.obj(path, v, "configured", "in_force", "changes", "changes_dropped")
	if g == nil {
		return
	}
	configured, _ := c.num(path+".configured", g["configured"])
	if configured < least {
		c.fail(path+".configured", "< %v", least)
	}
	if g["in_force"] != nil {
		if n, _ := c.num(path+".in_force", g["in_force"]); n < least {
			c.fail(path+".in_force", "< %v", least)
		}
	}
	c.nonneg(path+".changes_dropped", g["changes_dropped"])
	list, ok := g["changes"].([]any)
	if !ok {
		c.fail(path+".changes", "want an array")
		return
	}
	prevT, prevTo := 0.0, configured
	for i, x := range list {
		p := fmt.Sprintf("%s.changes[%d]", path, i)
		o := c.obj(p, x, "t", "phase", "from", "to")
		if o == nil {
			continue
		}
		t, _ := c.num(p+".t", o["t"])
		from, _ := c.num(p+".from", o["from"])
		to, _ := c.num(p+".to", o["to"])
		if t < prevT {
			c.fail(p+".t", "goes backwards")
		}
		if a, ok := o["after"]; ok {
			// Seen by an observation: made after the observation before it.
			if after, _ := c.num(p+".after", a); after > t || after < 0 {
				c.fail(p+".after", "%v is not in [0, t=%v]", after, t)
			}
		}
		if ph := c.str(p+".phase", o["phase"]); ph != "warmup" && ph != "measure" && ph != "end" {
			c.fail(p+".phase", "want warmup, measure or end, got %q", ph)
		}
		if from != prevTo || to < least || to == from {
			c.fail(p, "change %v→%v does not follow %v", from, to, prevTo)
		}
		prevT, prevTo = t, to
	}
}

// MetricsLines validates metrics.jsonl. A last line cut mid-write is allowed
// (PROTOCOL §2.3) and reported as cut=true. It returns the number of complete lines.
func MetricsLines(b []byte) (lines int, cut bool, err error) {
	c := &checker{}
	raw := bytes.Split(b, []byte("\n"))
	prevT := -1.0
	for i, l := range raw {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		v, derr := decode(l)
		if derr != nil {
			if i == len(raw)-1 {
				cut = true
				break
			}
			c.fail(fmt.Sprintf("line %d", i+1), "%v", derr)
			continue
		}
		p := fmt.Sprintf("line %d", i+1)
		m := c.obj(p, v, "schema", "t", "phase", "ops", "gauges", "hist")
		if m == nil {
			continue
		}
		if s, _ := c.num(p+".schema", m["schema"]); s != 1 {
			c.fail(p+".schema", "want 1")
		}
		t, _ := c.num(p+".t", m["t"])
		if t < prevT {
			c.fail(p+".t", "goes backwards")
		}
		prevT = t
		if ph := c.str(p+".phase", m["phase"]); ph != "warmup" && ph != "measure" {
			c.fail(p+".phase", "want warmup or measure, got %q", ph)
		}
		c.nonneg(p+".ops", m["ops"])
		if g := c.obj(p+".gauges", m["gauges"]); g != nil {
			for k, x := range g {
				c.num(p+".gauges["+k+"]", x)
			}
		}
		if h := c.obj(p+".hist", m["hist"]); h != nil {
			for k, x := range h {
				c.hist(p+".hist["+k+"]", x, false)
			}
		}
		lines++
	}
	return lines, cut, c.err()
}

// List validates the -list -json document.
func List(b []byte) error {
	v, err := decode(b)
	if err != nil {
		return err
	}
	c := &checker{}
	m := c.obj("$", v, "schema", "scenarios")
	if m == nil {
		return c.err()
	}
	if s, _ := c.num("$.schema", m["schema"]); s != 1 {
		c.fail("$.schema", "want 1")
	}
	types := ",int,float,duration,bool,string,enum,"
	list, ok := m["scenarios"].([]any)
	if !ok {
		c.fail("$.scenarios", "want an array")
		return c.err()
	}
	ids := map[string]bool{}
	for i, s := range list {
		p := fmt.Sprintf("$.scenarios[%d]", i)
		o := c.obj(p, s, "id", "group", "title", "mechanism", "source", "fresh_process", "params", "signals")
		if o == nil {
			continue
		}
		id := c.str(p+".id", o["id"])
		if id == "" || ids[id] || strings.ToLower(id) != id || strings.ContainsAny(id, " _") {
			c.fail(p+".id", "empty, duplicate or not kebab-case: %q", id)
		}
		ids[id] = true
		c.str(p+".group", o["group"]) // free text: a user's program names its own groups
		for _, k := range []string{"title", "mechanism", "source"} {
			if c.str(p+"."+k, o[k]) == "" {
				c.fail(p+"."+k, "empty")
			}
		}
		c.boolean(p+".fresh_process", o["fresh_process"])
		c.strList(p+".signals", o["signals"])
		if s, ok := o["suggested_gomaxprocs"]; ok { // optional (§4)
			if n, _ := c.num(p+".suggested_gomaxprocs", s); n < 1 || n != math.Trunc(n) {
				c.fail(p+".suggested_gomaxprocs", "want an integer ≥ 1, got %v", n)
			}
		}
		params, ok := o["params"].([]any)
		if !ok {
			c.fail(p+".params", "want an array")
			continue
		}
		for j, x := range params {
			pp := fmt.Sprintf("%s.params[%d]", p, j)
			po := c.obj(pp, x, "name", "type", "default", "help")
			if po == nil {
				continue
			}
			c.str(pp+".name", po["name"])
			c.str(pp+".default", po["default"])
			c.str(pp+".help", po["help"])
			t := c.str(pp+".type", po["type"])
			if !strings.Contains(types, ","+t+",") {
				c.fail(pp+".type", "unknown type %q", t)
			}
			for _, k := range []string{"min", "max"} {
				if x, ok := po[k]; ok {
					c.str(pp+"."+k, x)
				}
			}
			if t == "enum" {
				ch := c.strList(pp+".choices", po["choices"])
				found := false
				for _, x := range ch {
					found = found || x == po["default"]
				}
				if !found {
					c.fail(pp, "default is not one of the choices")
				}
			}
		}
	}
	return c.err()
}
