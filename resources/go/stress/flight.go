package stress

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"
)

// Flight recorder (PROTOCOL.md §1 -flight-recorder, §2 flight.trace). The
// recorder keeps the last minAge of execution trace in memory during the whole
// run and Run dumps it to OUT/flight.trace when the run did not succeed (errors,
// including a scenario that did not stop, or stopped by its context), and also
// on success with WithProfiles("flight"). It needs Go 1.25
// (runtime/trace.FlightRecorder): flight_go125.go and flight_old.go.

// Bounds of the flight recorder's settings.
const (
	flightMinAgeMin   = 100 * time.Millisecond
	flightMinAgeMax   = time.Hour
	flightMaxBytesMin = 1 << 20
	flightMaxBytesMax = 16 << 30
)

const flightAccepted = "0 (off) or 100ms..1h, with -out DIR"
const flightBytesAccepted = "0 (Go's default, 10 MiB) or 1048576..17179869184 bytes, with -flight-recorder"

// WithFlightRecorder keeps the last minAge (100ms..1h; 0 = off, the default)
// of execution trace in memory during Run, at most about maxBytes of it (0 =
// Go's default, 10 MiB; else 1 MiB..16 GiB; the byte bound wins over the
// age), and writes it to OUT/flight.trace when the run fails, is stopped, or a
// scenario does not stop; on success only with WithProfiles("flight"). Needs
// WithOutDir and a binary built with Go 1.25 or later: with an older Go,
// NewStressRunner reports a *UsageError for -flight-recorder.
func WithFlightRecorder(minAge time.Duration, maxBytes uint64) Option {
	return func(c *config) { c.flightMinAge, c.flightMaxBytes = minAge, maxBytes }
}

// FlightRecorderSupported reports whether this binary's Go has
// runtime/trace.FlightRecorder (Go 1.25+).
const FlightRecorderSupported = flightSupported

func (c *config) validateFlight() error {
	if !flightSupported && (c.flightMinAge != 0 || c.wantsCapture("flight")) {
		flagName, accepted := "flight-recorder", "0 (off) with this Go"
		if c.flightMinAge == 0 {
			flagName, accepted = "capture", "kinds other than flight with this Go"
		}
		return &UsageError{flagName, "flight needs Go 1.25+ (runtime/trace.FlightRecorder); this binary was built with " +
			runtime.Version(), accepted}
	}
	if c.flightMinAge != 0 && (c.flightMinAge < flightMinAgeMin || c.flightMinAge > flightMinAgeMax) {
		return &UsageError{"flight-recorder", fmt.Sprintf("%v is out of range", c.flightMinAge), flightAccepted}
	}
	if c.flightMaxBytes != 0 && (c.flightMaxBytes < flightMaxBytesMin || c.flightMaxBytes > flightMaxBytesMax) {
		return &UsageError{"flight-recorder-bytes", fmt.Sprintf("%d is out of range", c.flightMaxBytes), flightBytesAccepted}
	}
	if c.flightMinAge == 0 && c.flightMaxBytes != 0 {
		return &UsageError{"flight-recorder-bytes", "needs -flight-recorder D", flightBytesAccepted}
	}
	if c.wantsCapture("flight") && c.flightMinAge == 0 {
		return &UsageError{"capture", "flight needs -flight-recorder D", "-capture flight with -flight-recorder 100ms..1h"}
	}
	if c.flightMinAge != 0 && c.outDir == "" {
		return &UsageError{"flight-recorder", "needs an output directory", "-out DIR"}
	}
	return nil
}

func parseFlightBytes(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, &UsageError{"flight-recorder-bytes", fmt.Sprintf("%q is not a byte count", s), flightBytesAccepted}
	}
	return n, nil
}

// flightRecorder is the part of runtime/trace.FlightRecorder Run uses.
type flightRecorder interface {
	WriteTo(w io.Writer) (int64, error)
	Stop()
}

// dumpFlight writes the recorder's window to path.
func dumpFlight(fr flightRecorder, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := fr.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
