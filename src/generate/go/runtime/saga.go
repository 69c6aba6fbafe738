// Package saga runs sagas: a table of steps, each a command (or a batch of them) confirmed by an
// event; when a step fails for good, the compensations of what was done run, last done first (or
// all at once), and the saga ends with its failure event. The point of no return (the pivot) is
// respected: a step after it cannot fail the saga.
//
// A coordinator keeps one stream per instance ("<saga>-<id>") of what it was told; the instance is
// rebuilt by replaying it, so the coordinator holds nothing in memory between messages.
package saga

import (
	"context"
	"time"

	"MODULE/platform/command"
	"MODULE/platform/event"
	"MODULE/platform/instance"
)

// Definition is a saga as a table.
type Definition[S any] struct {
	Name string
	// Service is the coordinator's service: its stream receives the events the saga publishes.
	Service string
	Steps   []Step[S]
	// Parallel runs the compensations all at once; otherwise one at a time, each after the one
	// before is confirmed, last completed step first.
	Parallel bool
	// Pivot is the index of the point of no return; -1 when the saga has none.
	Pivot int
	// Apply copies what the saga keeps from an event it receives into its data.
	Apply func(data *S, e event.Event)
	// Completed and Failed build the outcome events (nil: the design declares none).
	Completed func(data *S) event.Event
	Failed    func(data *S) event.Event
}

// Step is one row of the table.
type Step[S any] struct {
	Name string
	// Started: the step ran in the local transaction that started the saga; nothing is sent.
	Started bool
	// Send builds the step's commands: one, several committed together, or one per element of a batch.
	Send func(data *S) []command.Command
	// OnSuccess confirms the step, once per command sent; without one, the platform calls Complete
	// when a command was handled.
	OnSuccess string
	OnFailure []string
	// Undo builds what undoes the step once it took effect (one per element of a batch); nil: nothing.
	Undo func(data *S) []Compensation
	// UndoOnFailure also undoes the step when it fails: it may have taken effect (compensateOnFailure),
	// or some elements of its batch did.
	UndoOnFailure bool
	// NoUndo: once completed, the step needs no compensation (read-only, the pivot, retriable).
	NoUndo bool
	// Continue: a batch that keeps the elements that succeeded; an element's failure is not the step's.
	Continue bool
	// Timeout is how long the step may run: past it, the platform's scheduler calls Expire (0: none).
	Timeout time.Duration
}

// Compensation undoes one command: a compensating command, or an event others act on.
type Compensation struct {
	Command command.Command
	Event   event.Event
	// OnSuccess is the event that confirms it; the next compensation waits for it (when not parallel).
	OnSuccess string
}

// Status is where an instance is.
type Status string

// The statuses of an instance.
const (
	Running      Status = "running"
	Compensating Status = "compensating"
	Completed    Status = "completed"
	Failed       Status = "failed"
	// Stuck: a step past the pivot failed for good; the saga can neither complete nor compensate.
	Stuck Status = "stuck"
)

// Instance is one run of a saga, as replayed from its stream.
type Instance[S any] struct {
	ID      string
	Data    S
	Status  Status
	Step    int
	sent    int
	replies int
	pending []Compensation
	waiting map[string]int
}

// The records of an instance's stream.
type (
	// Started opens an instance's stream.
	Started[S any] struct{ Data S }
	// Received is a message the instance was told.
	Received struct{ Event event.Event }
	// Expired is the deadline of the step in progress.
	Expired struct{ Step int }
	// GaveUp is the step in progress failed for good with no failure event to say so.
	GaveUp struct{ Step int }
	// Done is one command of the step in progress handled, with no success event to say so.
	Done struct{ Step int }
)

// EventName names the record.
func (Started[S]) EventName() string { return "saga.Started" }

// Private keeps the record out of what is published.
func (Started[S]) Private() {}

// EventName names the record.
func (Received) EventName() string { return "saga.Received" }

// Private keeps the record out of what is published.
func (Received) Private() {}

// EventName names the record.
func (Expired) EventName() string { return "saga.Expired" }

// EventName names the record.
func (Done) EventName() string { return "saga.Done" }

// Private keeps the record out of what is published.
func (Done) Private() {}

// EventName names the record.
func (GaveUp) EventName() string { return "saga.GaveUp" }

// Private keeps the record out of what is published.
func (GaveUp) Private() {}

// Private keeps the record out of what is published.
func (Expired) Private() {}

// ErrUnknownInstance says a message came for an instance never started.
var ErrUnknownInstance = instance.ErrUnknown

// Coordinator runs a Definition over a bus and a stream.
type Coordinator[S any] struct {
	Definition *Definition[S]
	Bus        command.Bus
	Stream     event.Stream
}

// Start opens an instance with its data and sends the first step.
func (c *Coordinator[S]) Start(ctx context.Context, id string, data S) error {
	in := &Instance[S]{ID: id, Data: data}
	effects := c.Definition.begin(in, 0)
	return c.record(ctx, in, 0, Started[S]{Data: data}, effects)
}

// Handle tells an instance an event: a step's reply, a compensation's confirmation.
func (c *Coordinator[S]) Handle(ctx context.Context, id string, e event.Event) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	return c.record(ctx, in, version, Received{Event: e}, c.Definition.receive(in, e))
}

// Expire abandons the step in progress (its timeout): it may still take effect, so it is undone too.
func (c *Coordinator[S]) Expire(ctx context.Context, id string) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	// The step is read before the decision moves the instance on (Go leaves their order open).
	step := in.Step
	return c.record(ctx, in, version, Expired{Step: step}, c.Definition.expire(in, step))
}

// Complete confirms one command of the step in progress when the step declares no success event:
// the platform calls it once the command was handled (the bus returned, the task ended).
func (c *Coordinator[S]) Complete(ctx context.Context, id string) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	// The step is read before the decision moves the instance on (Go leaves their order open).
	step := in.Step
	return c.record(ctx, in, version, Done{Step: step}, c.Definition.done(in, step))
}

// GiveUp fails the step in progress for good when nothing else says so: its command's retries are
// spent (the handler of its dead letters calls it). The step did not take effect: it is not undone.
func (c *Coordinator[S]) GiveUp(ctx context.Context, id string) error {
	in, version, err := c.Load(ctx, id)
	if err != nil {
		return err
	}
	// The step is read before the decision moves the instance on (Go leaves their order open).
	step := in.Step
	return c.record(ctx, in, version, GaveUp{Step: step}, c.Definition.giveUp(in, step))
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
			c.Definition.begin(in, 0)
		case Received:
			c.Definition.receive(in, rec.Event)
		case Expired:
			c.Definition.expire(in, rec.Step)
		case GaveUp:
			c.Definition.giveUp(in, rec.Step)
		case Done:
			c.Definition.done(in, rec.Step)
		}
	}
	return in, len(records), nil
}

// record appends what the instance was told, at the version read, then sends what it decided.
func (c *Coordinator[S]) record(ctx context.Context, in *Instance[S], version int, what event.Event, effects []instance.Effect) error {
	return instance.Record(ctx, c.Bus, c.Stream, c.Definition.Name, c.Definition.Service, in.ID, version, what, effects)
}

// begin sends step i (the first from i that sends something) and waits for its confirmation. Past
// the last step the saga completes.
func (d *Definition[S]) begin(in *Instance[S], i int) []instance.Effect {
	for ; i < len(d.Steps); i++ {
		s := d.Steps[i]
		if s.Started || s.Send == nil {
			continue
		}
		commands := s.Send(&in.Data)
		if len(commands) == 0 {
			continue
		}
		in.Status, in.Step, in.sent, in.replies = Running, i, len(commands), 0
		effects := make([]instance.Effect, len(commands))
		for k, c := range commands {
			effects[k] = instance.Effect{Command: c}
		}
		return effects
	}
	var effects []instance.Effect
	in.Status, in.Step = Completed, len(d.Steps)
	if d.Completed != nil {
		effects = append(effects, instance.Effect{Event: d.Completed(&in.Data)})
	}
	return effects
}

func (d *Definition[S]) receive(in *Instance[S], e event.Event) []instance.Effect {
	if d.Apply != nil {
		d.Apply(&in.Data, e)
	}
	name := e.EventName()
	switch in.Status {
	case Running:
		s := d.Steps[in.Step]
		failed := contains(s.OnFailure, name)
		if name != s.OnSuccess && !failed {
			return nil
		}
		if failed && !s.Continue {
			return d.fail(in, in.Step, false)
		}
		in.replies++
		if in.replies < in.sent {
			return nil
		}
		return d.begin(in, in.Step+1)
	case Compensating:
		if in.waiting[name] == 0 {
			return nil
		}
		in.waiting[name]--
		if in.waiting[name] == 0 {
			delete(in.waiting, name)
		}
		if len(in.waiting) > 0 {
			return nil
		}
		return d.compensate(in)
	}
	return nil
}

func (d *Definition[S]) expire(in *Instance[S], step int) []instance.Effect {
	if in.Status != Running || in.Step != step {
		return nil
	}
	return d.fail(in, step, true)
}

func (d *Definition[S]) done(in *Instance[S], step int) []instance.Effect {
	if in.Status != Running || in.Step != step {
		return nil
	}
	in.replies++
	if in.replies < in.sent {
		return nil
	}
	return d.begin(in, in.Step+1)
}

func (d *Definition[S]) giveUp(in *Instance[S], step int) []instance.Effect {
	if in.Status != Running || in.Step != step {
		return nil
	}
	return d.fail(in, step, false)
}

// fail starts undoing what step i leaves done: i itself when it may have taken effect, then the
// completed steps that need undoing, last first.
func (d *Definition[S]) fail(in *Instance[S], i int, inProgress bool) []instance.Effect {
	if d.Pivot >= 0 && i > d.Pivot {
		in.Status = Stuck
		return nil
	}
	var plan []Compensation
	if s := d.Steps[i]; (s.UndoOnFailure || inProgress) && s.Undo != nil {
		plan = append(plan, s.Undo(&in.Data)...)
	}
	for j := i - 1; j >= 0; j-- {
		if s := d.Steps[j]; !s.NoUndo && s.Undo != nil {
			plan = append(plan, s.Undo(&in.Data)...)
		}
	}
	in.Status, in.pending, in.waiting = Compensating, plan, map[string]int{}
	return d.compensate(in)
}

// compensate runs what is pending: all of it when parallel, else up to the first that awaits its
// confirmation. With nothing left, the saga has failed.
func (d *Definition[S]) compensate(in *Instance[S]) []instance.Effect {
	var effects []instance.Effect
	for len(in.pending) > 0 {
		c := in.pending[0]
		in.pending = in.pending[1:]
		effects = append(effects, instance.Effect{Command: c.Command, Event: c.Event})
		if c.OnSuccess != "" {
			in.waiting[c.OnSuccess]++
			if !d.Parallel {
				return effects
			}
		}
	}
	if len(in.waiting) > 0 {
		return effects
	}
	in.Status = Failed
	if d.Failed != nil {
		effects = append(effects, instance.Effect{Event: d.Failed(&in.Data)})
	}
	return effects
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
