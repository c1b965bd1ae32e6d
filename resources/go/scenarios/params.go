package scenarios

// Parameter constructors: they keep the catalog's declarations short and uniform.

import (
	"strconv"
	"time"

	"github.com/gmp-workbench/gmp-workbench/resources/go/stress"
)

func intParam(name string, def, min, max int, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Int, Default: strconv.Itoa(def),
		Min: strconv.Itoa(min), Max: strconv.Itoa(max), Help: help}
}

func floatParam(name string, def, min, max float64, help string) stress.Param {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return stress.Param{Name: name, Type: stress.Float, Default: f(def), Min: f(min), Max: f(max), Help: help}
}

func durParam(name string, def, min, max time.Duration, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Duration, Default: def.String(),
		Min: min.String(), Max: max.String(), Help: help}
}

func boolParam(name string, def bool, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Bool, Default: strconv.FormatBool(def), Help: help}
}

func enumParam(name, def string, choices []string, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.Enum, Default: def, Choices: choices, Help: help}
}

func stringParam(name, def, help string) stress.Param {
	return stress.Param{Name: name, Type: stress.String, Default: def, Help: help}
}
