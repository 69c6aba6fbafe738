// Package outbox writes the messages a service sends in the same local transaction as its state,
// so that a message leaves if and only if the state change commits; a relay sends them after.
package outbox

import (
	"context"

	"MODULE/platform/event"
)

// Message is a command or an event waiting in the outbox.
type Message struct {
	Name     string
	Payload  any
	Metadata map[string]string
}

// Tx is the service's local transaction (a *sql.Tx, say).
type Tx any

// Transactor runs fn in one local transaction: committed when fn returns nil, rolled back otherwise.
type Transactor interface {
	InTransaction(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Writer adds messages to the outbox table within tx.
type Writer interface {
	Write(ctx context.Context, tx Tx, messages ...Message) error
}

// Events wraps events for the outbox.
func Events(md map[string]string, events ...event.Event) []Message {
	out := make([]Message, len(events))
	for i, e := range events {
		out[i] = Message{Name: e.EventName(), Payload: e, Metadata: md}
	}
	return out
}
