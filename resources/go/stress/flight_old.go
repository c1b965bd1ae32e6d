//go:build !go1.25

package stress

import (
	"errors"
	"time"
)

const flightSupported = false

// startFlight is never reached before Go 1.25: config.validate rejects the
// flight recorder with a usage error.
func startFlight(minAge time.Duration, maxBytes uint64) (flightRecorder, error) {
	return nil, errors.New("the flight recorder needs Go 1.25+")
}
