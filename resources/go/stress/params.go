package stress

import "fmt"

// ResolveParams checks params against defs and fills in defaults.
// PLACEHOLDER: the harness issue adds type and bound checks with messages that
// name the parameter and its accepted range.
func ResolveParams(defs []Param, params map[string]string) (map[string]string, error) {
	out := map[string]string{}
	known := map[string]bool{}
	for _, d := range defs {
		known[d.Name] = true
		out[d.Name] = d.Default
	}
	for k, v := range params {
		if !known[k] {
			return nil, fmt.Errorf("unknown param %q", k)
		}
		out[k] = v
	}
	return out, nil
}
