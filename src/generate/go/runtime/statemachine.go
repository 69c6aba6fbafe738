// Package statemachine runs process managers: a state machine per process instance whose
// transitions, taken on the messages it receives and on its timeouts, send commands and publish
// events. Like a saga coordinator, it keeps one stream per instance of what it was told and when,
// and rebuilds the instance by replaying it.
package statemachine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"MODULE/platform/clock"
	"MODULE/platform/command"
	"MODULE/platform/event"
	"MODULE/platform/instance"
)

// Message is what a process manager receives: an event, or a command its coordinator handles.
type Message any

// NameOf returns a message's name in the design.
func NameOf(m Message) string {
	switch x := m.(type) {
	case event.Event:
		return x.EventName()
	case command.Command:
		return x.CommandName()
	}
	return fmt.Sprintf("%T", m)
}

// Definition is a process manager as a table of states.
type Definition[S any] struct {
	Name string
	// Service is the coordinator's service: its stream receives the events the process publishes.
	Service string
	Initial string
	States  map[string]State[S]
	// Apply copies what the process keeps from a message into its data.
	Apply func(data *S, m Message)
}

// Terminal says how a final state ends the process.
type Terminal string

// The ends of a process.
const (
	Success Terminal = "success"
	Failure Terminal = "failure"
)

// State is one state: what it does on entry, the messages it waits for, its timeout.
type State[S any] struct {
	Terminal Terminal
	OnEntry  *Action[S]
	// On lists, per message name, the guarded alternatives: the first whose guard holds is taken.
	On      map[string][]Transition[S]
	Timeout *Timeout[S]
}

// Action sends commands and publishes events.
type Action[S any] struct {
	Send    func(data *S) []command.Command
	Publish func(data *S) []event.Event
}

// Transition is one alternative of a message's handling.
type Transition[S any] struct {
	// If is the guard's condition as the design writes it; empty: always.
	If string
	// Goto is the next state; empty: the process stays where it is (and does not enter it again).
	Goto string
	Action[S]
}

// Timeout is taken when the process has rested in the state for After.
type Timeout[S any] struct {
	After time.Duration
	Transition[S]
}

// Instance is one run of a process, as replayed from its stream.
type Instance[S any] struct {
	ID    string
	Data  S
	State string
	// Deadline is when the state's timeout is due; zero when it has none.
	Deadline time.Time
}

// The records of an instance's stream.
type (
	// Started opens an instance: its data and the message that started it.
	Started[S any] struct {
		Data    S
		Message Message
		At      time.Time
	}
	// Received is a message the instance was told.
	Received struct {
		Message Message
		At      time.Time
	}
	// TimedOut is a state's timeout taken.
	TimedOut struct {
		State string
		At    time.Time
	}
)

// EventName names the record.
func (Started[S]) EventName() string { return "statemachine.Started" }

// Private keeps the record out of what is published.
func (Started[S]) Private() {}

// EventName names the record.
func (Received) EventName() string { return "statemachine.Received" }

// Private keeps the record out of what is published.
func (Received) Private() {}

// EventName names the record.
func (TimedOut) EventName() string { return "statemachine.TimedOut" }

// Private keeps the record out of what is published.
func (TimedOut) Private() {}

// ErrUnknownInstance says a message came for an instance never started.
var ErrUnknownInstance = instance.ErrUnknown

// ErrUnhandled says the state the instance is in does not take the message (no alternative holds).
var ErrUnhandled = errors.New("statemachine: not handled in this state")

// Coordinator runs a Definition over a bus, a stream and a clock.
type Coordinator[S any] struct {
	Definition *Definition[S]
	Bus        command.Bus
	Stream     event.Stream
	Clock      clock.Clock
	// Guards decide the design's `if:` conditions, by their text; a condition without one does not hold.
	Guards map[string]func(data *S) bool
}

// Start creates an instance in the initial state, runs its entry and, when the initial state
// handles the starting message, takes that transition at once.
func (c *Coordinator[S]) Start(ctx context.Context, id string, data S, m Message) error {
	in := &Instance[S]{ID: id, Data: data}
	now := c.Clock.Now()
	effects, err := c.start(in, m, now)
	if err != nil {
		return err
	}
	return c.record(ctx, in, 0, Started[S]{Data: data, Message: m, At: now}, effects)
}

// Handle tells an instance a message.
func (c *Coordinator[S]) Handle(ctx context.Context, id string, m Message) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	now := c.Clock.Now()
	effects, err := c.receive(in, m, now)
	if err != nil {
		return err
	}
	return c.record(ctx, in, version, Received{Message: m, At: now}, effects)
}

// Tick takes the timeout of the instance's state when it is due.
func (c *Coordinator[S]) Tick(ctx context.Context, id string) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	now := c.Clock.Now()
	if in.Deadline.IsZero() || now.Before(in.Deadline) {
		return nil
	}
	state := in.State
	return c.record(ctx, in, version, TimedOut{State: state, At: now}, c.timeout(in, now))
}

// Takes reports whether a state takes a message (a start message redelivered, say, may not be).
func (c *Coordinator[S]) Takes(state, message string) bool {
	_, ok := c.Definition.States[state].On[message]
	return ok
}

// Load replays an instance's stream.
func (c *Coordinator[S]) Load(ctx context.Context, id string) (*Instance[S], int, error) {
	records, err := instance.Read(ctx, c.Stream, c.Definition.Name, id)
	if err != nil {
		return nil, 0, err
	}
	var in *Instance[S]
	for _, r := range records {
		switch rec := r.Event.(type) {
		case Started[S]:
			in = &Instance[S]{ID: id, Data: rec.Data}
			if _, err := c.start(in, rec.Message, rec.At); err != nil {
				return nil, 0, err
			}
		case Received:
			if _, err := c.receive(in, rec.Message, rec.At); err != nil {
				return nil, 0, err
			}
		case TimedOut:
			if in.State == rec.State {
				c.timeout(in, rec.At)
			}
		}
	}
	return in, len(records), nil
}

// record appends what the instance was told, at the version read, then sends what it decided.
func (c *Coordinator[S]) record(ctx context.Context, in *Instance[S], version int, what event.Event, effects []instance.Effect) error {
	return instance.Record(ctx, c.Bus, c.Stream, c.Definition.Name, c.Definition.Service, in.ID, version, what, effects)
}

func (c *Coordinator[S]) start(in *Instance[S], m Message, now time.Time) ([]instance.Effect, error) {
	if c.Definition.Apply != nil {
		c.Definition.Apply(&in.Data, m)
	}
	effects := c.enter(in, c.Definition.Initial, now)
	if _, ok := c.Definition.States[in.State].On[NameOf(m)]; !ok {
		return effects, nil
	}
	more, err := c.take(in, m, now)
	return append(effects, more...), err
}

func (c *Coordinator[S]) receive(in *Instance[S], m Message, now time.Time) ([]instance.Effect, error) {
	if c.Definition.Apply != nil {
		c.Definition.Apply(&in.Data, m)
	}
	return c.take(in, m, now)
}

// take follows the first alternative for m whose guard holds.
func (c *Coordinator[S]) take(in *Instance[S], m Message, now time.Time) ([]instance.Effect, error) {
	for _, t := range c.Definition.States[in.State].On[NameOf(m)] {
		if t.If != "" && !c.holds(t.If, &in.Data) {
			continue
		}
		return c.follow(in, t, now), nil
	}
	return nil, fmt.Errorf("%w: %s in %s", ErrUnhandled, NameOf(m), in.State)
}

func (c *Coordinator[S]) timeout(in *Instance[S], now time.Time) []instance.Effect {
	t := c.Definition.States[in.State].Timeout
	if t == nil || (t.If != "" && !c.holds(t.If, &in.Data)) {
		in.Deadline = time.Time{}
		return nil
	}
	in.Deadline = time.Time{}
	return c.follow(in, t.Transition, now)
}

func (c *Coordinator[S]) holds(condition string, data *S) bool {
	guard := c.Guards[condition]
	return guard != nil && guard(data)
}

func (c *Coordinator[S]) follow(in *Instance[S], t Transition[S], now time.Time) []instance.Effect {
	effects := run(&t.Action, &in.Data)
	if t.Goto != "" && t.Goto != in.State {
		effects = append(effects, c.enter(in, t.Goto, now)...)
	}
	return effects
}

// enter moves the instance into a state, runs its entry and sets its deadline.
func (c *Coordinator[S]) enter(in *Instance[S], state string, now time.Time) []instance.Effect {
	in.State, in.Deadline = state, time.Time{}
	s := c.Definition.States[state]
	if s.Timeout != nil {
		in.Deadline = now.Add(s.Timeout.After)
	}
	return run(s.OnEntry, &in.Data)
}

func run[S any](a *Action[S], data *S) []instance.Effect {
	if a == nil {
		return nil
	}
	var effects []instance.Effect
	if a.Send != nil {
		for _, c := range a.Send(data) {
			effects = append(effects, instance.Effect{Command: c})
		}
	}
	if a.Publish != nil {
		for _, e := range a.Publish(data) {
			effects = append(effects, instance.Effect{Event: e})
		}
	}
	return effects
}
