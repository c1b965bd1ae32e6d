package stress

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

type kvList struct {
	flag string
	kv   [][2]string
	err  error
}

func (l *kvList) String() string { return "" }
func (l *kvList) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		if l.err == nil {
			l.err = &UsageError{l.flag, fmt.Sprintf("%q is not k=v", s), "k=v, repeatable"}
		}
		return nil
	}
	l.kv = append(l.kv, [2]string{k, v})
	return nil
}

var flagNameRE = regexp.MustCompile(`-([A-Za-z][A-Za-z0-9-]*)`)

type parsed struct {
	list, jsonOut                                         bool
	scenario, concurrency, duration, warmup, out, capture string
	interval, pprofAddr, flight, flightBytes              string
	params, labels                                        *kvList
	fs                                                    *flag.FlagSet
}

func (m *mainRun) parse() (*parsed, error) {
	p := &parsed{params: &kvList{flag: "param"}, labels: &kvList{flag: "label"}}
	fs := flag.NewFlagSet(m.prog, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&p.list, "list", false, "print the catalog and exit")
	fs.BoolVar(&p.jsonOut, "json", false, "with -list: JSON (PROTOCOL §4)")
	fs.StringVar(&p.scenario, "scenario", "", "scenario id")
	fs.StringVar(&p.concurrency, "concurrency", "", "workers, ≥ 1 (default GOMAXPROCS)")
	def := defaultConfig()
	fs.StringVar(&p.duration, "duration", def.duration.String(), "measured window, 10ms..24h")
	fs.StringVar(&p.warmup, "warmup", "0", "warm-up before the window, 0..1h")
	fs.StringVar(&p.out, "out", "", "output directory")
	fs.StringVar(&p.capture, "capture", "", "comma list of "+strings.Join(CaptureKinds, ","))
	fs.StringVar(&p.interval, "metrics-interval", def.metricsInterval.String(), "sampler tick, 10ms..1s, 0 = off")
	fs.StringVar(&p.pprofAddr, "pprof-addr", "", "loopback host:port for net/http/pprof")
	fs.StringVar(&p.flight, "flight-recorder", "0", "keep the last D of execution trace; write flight.trace unless the run succeeds, 100ms..1h, 0 = off (Go 1.25+)")
	fs.StringVar(&p.flightBytes, "flight-recorder-bytes", "0", "flight recorder size bound in bytes, 0 = Go's default (10 MiB)")
	fs.Var(p.params, "param", "scenario parameter k=v (repeatable)")
	fs.Var(p.labels, "label", "label k=v (repeatable)")
	p.fs = fs
	if err := fs.Parse(m.args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return p, err
		}
		msg := err.Error()
		name := "?"
		if mm := flagNameRE.FindStringSubmatch(msg); mm != nil {
			name = mm[1]
		}
		if strings.HasPrefix(msg, "flag provided but not defined") {
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
			return nil, &UsageError{name, "unknown flag", strings.Join(names, " ")}
		}
		if strings.Contains(msg, "needs an argument") {
			return nil, &UsageError{name, "needs a value", "see -h"}
		}
		return nil, &UsageError{name, msg, ""}
	}
	if fs.NArg() > 0 {
		return nil, &UsageError{"scenario", fmt.Sprintf("unexpected argument %q", fs.Arg(0)), "flags only; use -scenario ID"}
	}
	if p.params.err != nil {
		return nil, p.params.err
	}
	if p.labels.err != nil {
		return nil, p.labels.err
	}
	return p, nil
}

func parseDur(flagName, s, accepted string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, &UsageError{flagName, fmt.Sprintf("%q is not a Go duration", s), accepted}
	}
	return d, nil
}

// options turns the parsed flags into runner options (validated by NewStressRunner).
func (m *mainRun) options(p *parsed) ([]Option, error) {
	var opts []Option
	if p.concurrency != "" {
		n, err := strconv.Atoi(p.concurrency)
		if err != nil {
			return nil, &UsageError{"concurrency", fmt.Sprintf("%q is not an integer", p.concurrency), "1..1000000"}
		}
		opts = append(opts, WithConcurrency(n))
	}
	dur, err := parseDur("duration", p.duration, "10ms..24h")
	if err != nil {
		return nil, err
	}
	warm, err := parseDur("warmup", p.warmup, "0..1h")
	if err != nil {
		return nil, err
	}
	iv, err := parseDur("metrics-interval", p.interval, "0 (off) or 10ms..1s")
	if err != nil {
		return nil, err
	}
	fl, err := parseDur("flight-recorder", p.flight, flightAccepted)
	if err != nil {
		return nil, err
	}
	flBytes, err := parseFlightBytes(p.flightBytes)
	if err != nil {
		return nil, err
	}
	opts = append(opts, WithDuration(dur), WithWarmup(warm), WithMetricsInterval(iv), WithFlightRecorder(fl, flBytes))
	if p.out != "" {
		opts = append(opts, WithOutDir(p.out))
	}
	if p.pprofAddr != "" {
		opts = append(opts, WithPprofAddr(p.pprofAddr))
	}
	if p.capture != "" {
		for _, k := range strings.Split(p.capture, ",") {
			if k = strings.TrimSpace(k); k != "" {
				opts = append(opts, WithProfiles(k))
			}
		}
	}
	for _, kv := range p.params.kv {
		opts = append(opts, WithParam(kv[0], kv[1]))
	}
	for _, kv := range p.labels.kv {
		opts = append(opts, WithLabel(kv[0], kv[1]))
	}
	return opts, nil
}
