package stress

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ParamError says which parameter is wrong, what is wrong and what is accepted.
type ParamError struct {
	Name     string
	Value    string
	Problem  string
	Accepted string
}

func (e *ParamError) Error() string {
	if e.Accepted == "" {
		return fmt.Sprintf("%s: %s", e.Name, e.Problem)
	}
	return fmt.Sprintf("%s: %s (accepted: %s)", e.Name, e.Problem, e.Accepted)
}

// Accepted describes the values a parameter accepts, e.g. "int 1..64".
func (p Param) Accepted() string {
	switch p.Type {
	case Enum:
		return "one of " + strings.Join(p.Choices, ", ")
	case Bool:
		return "true or false"
	case String:
		return "any text"
	}
	lo, hi := p.Min, p.Max
	switch {
	case lo != "" && hi != "":
		return fmt.Sprintf("%s %s..%s", p.Type, lo, hi)
	case lo != "":
		return fmt.Sprintf("%s ≥ %s", p.Type, lo)
	case hi != "":
		return fmt.Sprintf("%s ≤ %s", p.Type, hi)
	}
	return string(p.Type)
}

// parseNum parses v as the param's numeric type into a float64 for comparisons
// (durations in nanoseconds).
func (p Param) parseNum(v string) (float64, error) {
	switch p.Type {
	case Int:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not an integer", v)
		}
		return float64(n), nil
	case Float:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%q is not a finite number", v)
		}
		return f, nil
	case Duration:
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("%q is not a Go duration", v)
		}
		return float64(d), nil
	}
	return 0, fmt.Errorf("not numeric")
}

// Check validates one value against the param's type and bounds.
func (p Param) Check(v string) error {
	bad := func(problem string) error {
		return &ParamError{Name: p.Name, Value: v, Problem: problem, Accepted: p.Accepted()}
	}
	switch p.Type {
	case Int, Float, Duration:
		x, err := p.parseNum(v)
		if err != nil {
			return bad(err.Error())
		}
		if p.Min != "" {
			lo, err := p.parseNum(p.Min)
			if err != nil {
				return fmt.Errorf("catalog bug: param %s: min: %v", p.Name, err)
			}
			if x < lo {
				return bad(fmt.Sprintf("%s is out of range", v))
			}
		}
		if p.Max != "" {
			hi, err := p.parseNum(p.Max)
			if err != nil {
				return fmt.Errorf("catalog bug: param %s: max: %v", p.Name, err)
			}
			if x > hi {
				return bad(fmt.Sprintf("%s is out of range", v))
			}
		}
	case Bool:
		if _, err := strconv.ParseBool(v); err != nil {
			return bad(fmt.Sprintf("%q is not a bool", v))
		}
	case Enum:
		for _, c := range p.Choices {
			if v == c {
				return nil
			}
		}
		return bad(fmt.Sprintf("%q is not a choice", v))
	case String:
	default:
		return fmt.Errorf("catalog bug: param %s has unknown type %q", p.Name, p.Type)
	}
	return nil
}

// ResolveParams checks params against defs and fills in defaults. Errors are
// *ParamError values naming the parameter and the accepted values.
func ResolveParams(defs []Param, params map[string]string) (map[string]string, error) {
	out := map[string]string{}
	known := map[string]Param{}
	for _, d := range defs {
		known[d.Name] = d
		out[d.Name] = d.Default
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := params[k]
		d, ok := known[k]
		if !ok {
			names := make([]string, 0, len(defs))
			for _, d := range defs {
				names = append(names, d.Name)
			}
			acc := strings.Join(names, ", ")
			if acc == "" {
				acc = "none, this scenario has no parameters"
			}
			return nil, &ParamError{Name: k, Value: v, Problem: "unknown parameter", Accepted: acc}
		}
		if err := d.Check(v); err != nil {
			return nil, err
		}
		// A number is checked trimmed of white space ("5 " is 5), and kept as it was checked:
		// the scenario reads and the result reports the value in force.
		if d.Type == Int || d.Type == Float || d.Type == Duration {
			v = strings.TrimSpace(v)
		}
		out[k] = v
	}
	return out, nil
}
