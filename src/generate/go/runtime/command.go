// Package command is the platform's command side: a command asks one service to change its state;
// it is dispatched on a Bus and handled by exactly one Handler, in the service that owns it.
package command

import "context"

// Command is a request to one service. Its name is the design's.
type Command interface {
	CommandName() string
}

// Metadata travels with every message: the process instance it belongs to, what caused it.
type Metadata = map[string]string

// The keys of Metadata the platform sets.
const (
	// CorrelationID is the process instance a message belongs to.
	CorrelationID = "correlation-id"
	// CausationID is the message that caused this one.
	CausationID = "causation-id"
	// MessageID identifies one message, the same across its redeliveries.
	MessageID = "message-id"
)

// Handler handles one kind of command in the service that owns it.
type Handler interface {
	Handle(ctx context.Context, c Command, md Metadata) error
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, c Command, md Metadata) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, c Command, md Metadata) error { return f(ctx, c, md) }

// Bus delivers each command to the one handler registered for its name.
type Bus interface {
	Dispatch(ctx context.Context, c Command, md Metadata) error
	Register(name string, h Handler) error
}

// Deduplicator remembers what a handler has handled, so that a redelivered message takes effect
// once. Remember belongs in the handler's local transaction, with the state change.
type Deduplicator interface {
	Seen(ctx context.Context, handler, key string) (bool, error)
	Remember(ctx context.Context, handler, key string) error
}
