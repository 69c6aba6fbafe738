// Package instance is what the coordinators of sagas and process managers share: one stream per
// process instance of what it was told, and the effects it decided, sent after that record.
package instance

import (
	"context"
	"errors"
	"fmt"

	"MODULE/platform/command"
	"MODULE/platform/event"
)

// ErrUnknown says a message came for an instance never started.
var ErrUnknown = errors.New("no such process instance")

// Effect is what a coordinator decided: a command to send, or an event to publish.
type Effect struct {
	Command command.Command
	Event   event.Event
}

// StreamOf names the stream of one instance of a process.
func StreamOf(process, id string) string { return process + "-" + id }

// Read returns the records of an instance's stream; ErrUnknown when it was never started.
func Read(ctx context.Context, stream event.Stream, process, id string) ([]event.Record, error) {
	records, err := stream.Read(ctx, StreamOf(process, id))
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%w: %s %s", ErrUnknown, process, id)
	}
	return records, nil
}

// Record appends what an instance was told to its stream if the stream is still at version (so
// that two deliveries racing for one instance cannot both act), then sends the commands and
// publishes the events it decided, in order; events go to the stream of the coordinator's service.
func Record(ctx context.Context, bus command.Bus, stream event.Stream, process, service, id string, version int, what event.Event, effects []Effect) error {
	md := event.Metadata{command.CorrelationID: id}
	if _, err := stream.Append(ctx, StreamOf(process, id), version, md, what); err != nil {
		return err
	}
	for _, e := range effects {
		var err error
		if e.Command != nil {
			err = bus.Dispatch(ctx, e.Command, command.Metadata{command.CorrelationID: id})
		} else {
			_, err = stream.Append(ctx, service, event.AnyVersion, md, e.Event)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
