// Package memory is the platform in memory, for tests: a bus, a stream, an outbox and a clock that
// keep what happens to them in one Log, in the order it happened.
package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"MODULE/platform/command"
	"MODULE/platform/event"
	"MODULE/platform/outbox"
)

// Log is what the platform did, in order: "send ReserveStock", "publish OrderRejected", and
// "record saga.Received" for what a coordinator keeps in its own stream.
type Log struct {
	mu      sync.Mutex
	entries []string
}

func (l *Log) add(entry string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entry)
}

// Entries returns a copy of the log.
func (l *Log) Entries() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.entries...)
}

// Len returns how many entries there are: a mark to read from later.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// Since returns the entries after mark.
func (l *Log) Since(mark int) []string { return l.Entries()[mark:] }

// Sent is a command dispatched on the Bus.
type Sent struct {
	Command  command.Command
	Metadata command.Metadata
}

// Bus records every command dispatched and hands it to the handler registered for it, if any.
type Bus struct {
	log      *Log
	mu       sync.Mutex
	handlers map[string]command.Handler
	sent     []Sent
}

// NewBus returns a bus that writes to log.
func NewBus(log *Log) *Bus { return &Bus{log: log, handlers: map[string]command.Handler{}} }

// Register sets the handler of a command; one per command.
func (b *Bus) Register(name string, h command.Handler) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.handlers[name]; ok {
		return fmt.Errorf("memory: %s has a handler already", name)
	}
	b.handlers[name] = h
	return nil
}

// Dispatch records c and calls its handler, when one is registered.
func (b *Bus) Dispatch(ctx context.Context, c command.Command, md command.Metadata) error {
	b.mu.Lock()
	b.sent = append(b.sent, Sent{Command: c, Metadata: md})
	h := b.handlers[c.CommandName()]
	b.mu.Unlock()
	b.log.add("send " + c.CommandName())
	if h == nil {
		return nil
	}
	return h.Handle(ctx, c, md)
}

// Sent returns the commands dispatched, in order.
func (b *Bus) Sent() []Sent {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Sent(nil), b.sent...)
}

// Stream keeps streams in memory. Subscribers are called after each append, one record at a time
// and in order; what they append meanwhile is delivered after, so delivery is breadth first.
type Stream struct {
	log        *Log
	mu         sync.Mutex
	streams    map[string][]event.Record
	subs       map[int]func(context.Context, event.Record) error
	nextSub    int
	queue      []event.Record
	delivering bool
	// Limit bounds the deliveries of one outermost Append: reactions that go round forever fail.
	Limit int
}

// NewStream returns an empty store that writes to log.
func NewStream(log *Log) *Stream {
	return &Stream{log: log, streams: map[string][]event.Record{}, subs: map[int]func(context.Context, event.Record) error{}, Limit: 10000}
}

// Append adds events to a stream when it is at version expected (event.AnyVersion: any).
func (s *Stream) Append(ctx context.Context, stream string, expected int, md event.Metadata, events ...event.Event) (int, error) {
	s.mu.Lock()
	records := s.streams[stream]
	if expected != event.AnyVersion && expected != len(records) {
		s.mu.Unlock()
		return len(records), event.ErrConflict
	}
	for _, e := range events {
		r := event.Record{Stream: stream, Version: len(records) + 1, Event: e, Metadata: md}
		records = append(records, r)
		s.queue = append(s.queue, r)
	}
	s.streams[stream] = records
	version := len(records)
	outermost := !s.delivering
	s.delivering = true
	s.mu.Unlock()
	for _, e := range events {
		if _, private := e.(event.Private); private {
			s.log.add("record " + e.EventName())
		} else {
			s.log.add("publish " + e.EventName())
		}
	}
	if !outermost {
		return version, nil
	}
	return version, s.deliver(ctx)
}

func (s *Stream) deliver(ctx context.Context) error {
	var errs []error
	for n := 0; ; n++ {
		s.mu.Lock()
		if len(s.queue) == 0 || n >= s.Limit {
			left := len(s.queue)
			s.queue, s.delivering = nil, false
			s.mu.Unlock()
			if left > 0 {
				errs = append(errs, fmt.Errorf("memory: %d deliveries and still going: the reactions go round", s.Limit))
			}
			return joined(errs)
		}
		r := s.queue[0]
		s.queue = s.queue[1:]
		subs := make([]func(context.Context, event.Record) error, 0, len(s.subs))
		for i := 0; i < s.nextSub; i++ {
			if h, ok := s.subs[i]; ok {
				subs = append(subs, h)
			}
		}
		s.mu.Unlock()
		for _, h := range subs {
			if err := h(ctx, r); err != nil {
				errs = append(errs, fmt.Errorf("%s in %s: %w", r.Event.EventName(), r.Stream, err))
			}
		}
	}
}

// joined is one error for several (errors.Join is Go 1.20; this code builds with 1.19).
func joined(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return fmt.Errorf("%w (and %d more)", errs[0], len(errs)-1)
}

// Read returns a stream's records.
func (s *Stream) Read(_ context.Context, stream string) ([]event.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]event.Record(nil), s.streams[stream]...), nil
}

// Subscribe calls h with every record appended from now on.
func (s *Stream) Subscribe(_ context.Context, h func(context.Context, event.Record) error) (func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextSub
	s.nextSub++
	s.subs[id] = h
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}, nil
}

// Outbox is a transactor and an outbox writer: messages written in a transaction that commits are
// published on the stream (events) or dispatched on the bus (commands), in order.
type Outbox struct {
	Bus    command.Bus
	Stream event.Stream
	// StreamName is where the events go.
	StreamName string
}

type tx struct{ messages []outbox.Message }

// InTransaction runs fn; when it returns nil, what it wrote is relayed.
func (o *Outbox) InTransaction(ctx context.Context, fn func(context.Context, outbox.Tx) error) error {
	t := &tx{}
	if err := fn(ctx, t); err != nil {
		return err
	}
	for _, m := range t.messages {
		switch p := m.Payload.(type) {
		case event.Event:
			if _, err := o.Stream.Append(ctx, o.StreamName, event.AnyVersion, m.Metadata, p); err != nil {
				return err
			}
		case command.Command:
			if err := o.Bus.Dispatch(ctx, p, m.Metadata); err != nil {
				return err
			}
		default:
			return fmt.Errorf("memory: %s is neither a command nor an event", m.Name)
		}
	}
	return nil
}

// Write adds messages to the transaction's outbox.
func (o *Outbox) Write(_ context.Context, t outbox.Tx, messages ...outbox.Message) error {
	mt, ok := t.(*tx)
	if !ok {
		return errors.New("memory: not a transaction of this outbox")
	}
	mt.messages = append(mt.messages, messages...)
	return nil
}

// Deduplicator remembers keys in memory.
type Deduplicator struct {
	mu   sync.Mutex
	seen map[string]bool
}

// Seen reports whether handler has handled key.
func (d *Deduplicator) Seen(_ context.Context, handler, key string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seen[handler+"/"+key], nil
}

// Remember records that handler has handled key.
func (d *Deduplicator) Remember(_ context.Context, handler, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	d.seen[handler+"/"+key] = true
	return nil
}

// Clock is a clock that moves only when told to.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at a fixed time.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
