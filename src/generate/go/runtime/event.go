// Package event is the platform's event side: events are appended to streams, atomically and in
// order, and subscribers read them as they are appended.
package event

import (
	"context"
	"errors"
)

// Event is a fact a service records. Its name is the design's.
type Event interface {
	EventName() string
}

// Private is an event a component keeps in its own stream and never publishes: a coordinator's
// record of what it was told.
type Private interface {
	Event
	Private()
}

// Metadata travels with every message (the same keys as command.Metadata).
type Metadata = map[string]string

// Record is an event as its stream holds it.
type Record struct {
	Stream string
	// Version is the event's place in its stream, from 1.
	Version  int
	Event    Event
	Metadata Metadata
}

// AnyVersion appends without checking what the stream holds.
const AnyVersion = -1

// ErrConflict says the stream moved on since it was read: read it again and decide again.
var ErrConflict = errors.New("event: the stream changed since it was read")

// Stream is an event store: streams of events, each appended to atomically.
type Stream interface {
	// Append adds events to the end of a stream in one atomic write, when the stream is still at
	// version expected (AnyVersion: whatever it holds), and returns the stream's new version.
	Append(ctx context.Context, stream string, expected int, md Metadata, events ...Event) (int, error)
	// Read returns a stream's records in order (none for a stream never written).
	Read(ctx context.Context, stream string) ([]Record, error)
	// Subscribe calls h with every record appended from now on, across streams, in order.
	Subscribe(ctx context.Context, h func(ctx context.Context, r Record) error) (unsubscribe func(), err error)
}
