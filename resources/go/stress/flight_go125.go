//go:build go1.25

package stress

import (
	"runtime/trace"
	"time"
)

const flightSupported = true

// startFlight starts a runtime/trace.FlightRecorder (Go 1.25+). It may run
// alongside trace.Start; only one flight recorder may be active per process.
func startFlight(minAge time.Duration, maxBytes uint64) (flightRecorder, error) {
	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: minAge, MaxBytes: maxBytes})
	if err := fr.Start(); err != nil {
		return nil, err
	}
	return fr, nil
}
