// Package retry holds the design's retry policies and dead-letter settings as configuration.
package retry

import "time"

// Unlimited is MaxAttempts for a policy that retries until the message is handled.
const Unlimited = 0

// Backoff is how the wait grows between attempts.
type Backoff string

// The backoffs of the design format.
const (
	None        Backoff = "none"
	Fixed       Backoff = "fixed"
	Linear      Backoff = "linear"
	Exponential Backoff = "exponential"
)

// Policy is how transient failures of a handler are retried.
type Policy struct {
	Name string
	// MaxAttempts counts the first attempt; Unlimited retries forever.
	MaxAttempts  int
	Backoff      Backoff
	InitialDelay time.Duration
	MaxDelay     time.Duration
	// Intervals are explicit waits, used instead of MaxAttempts and Backoff when set.
	Intervals []time.Duration
	Jitter    bool
	// NonRetryable names errors that are not retried.
	NonRetryable []string
}

// Delay returns the wait before attempt n (2 is the first retry), and false when the policy gives up.
func (p Policy) Delay(n int) (time.Duration, bool) {
	if n < 2 {
		return 0, true
	}
	if len(p.Intervals) > 0 {
		if n-2 >= len(p.Intervals) {
			return 0, false
		}
		return p.Intervals[n-2], true
	}
	if p.MaxAttempts != Unlimited && n > p.MaxAttempts {
		return 0, false
	}
	d := p.InitialDelay
	switch p.Backoff {
	case None:
		d = 0
	case Linear:
		d = p.InitialDelay * time.Duration(n-1)
	case Exponential:
		for i := 2; i < n && (p.MaxDelay == 0 || d < p.MaxDelay); i++ {
			d *= 2
		}
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d, true
}

// DeadLetter is where a message goes that cannot be handled.
type DeadLetter struct {
	// Queue is empty when the design says there is none.
	Queue         string
	MaxDeliveries int
}
