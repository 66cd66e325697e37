import { Actor } from '../../common/auth/actor';
import { canRead, ScopedFacts, scopeOf } from '../../common/auth/scope-policy';
import { TicketFacts } from '../tickets/domain/ticket-access';
import { WatchedSession } from '../auth/session-liveness.port';
import { SessionState } from '../org/user-directory.port';
import { eventFrame } from './domain/sse-frames';
import { mayReceive } from './domain/stream-audience';
import { withOtherTicketsFor } from './domain/other-tickets';
import { StreamEvent, ticketIdOf } from './domain/stream-event';
import { StreamSink } from './stream-sink';

/** live events held while a replay runs; past this the client is dropped and reconnects with its Last-Event-ID */
export const MAX_HELD_EVENTS = 1000;

export type CloseReason = 'client' | 'slow' | 'session_ended' | 'shutdown' | 'error';

/**
 * One open stream. `position` is the last stream position dealt with (sent or withheld by scope): events at or
 * before it are never sent again, so a replay and the live feed can overlap without duplicates.
 */
export class StreamSubscriber {
  viewer: Actor;
  /** live events that arrived during the replay, in order; null once live */
  private held: StreamEvent[] | null;
  private reason: CloseReason | null = null;

  constructor(
    readonly session: WatchedSession,
    readonly sink: StreamSink,
    public position: number,
    replaying: boolean,
    private readonly onClosed: (subscriber: StreamSubscriber, reason: CloseReason) => void,
  ) {
    const u = session.actor;
    this.viewer = { id: u.id, role: u.role, departmentId: u.departmentId, teamId: u.teamId };
    this.held = replaying ? [] : null;
    sink.onClose(() => this.finish('client'));
  }

  get closed(): boolean {
    return this.reason !== null;
  }

  get live(): boolean {
    return this.held === null;
  }

  /** Live events from the hub: sent now, or held while the replay is still running. */
  offer(events: readonly StreamEvent[], facts: ReadonlyMap<string, ScopedFacts & TicketFacts>): void {
    if (this.closed) return;
    if (this.held === null) return this.deliver(events, facts);
    this.held.push(...events);
    if (this.held.length > MAX_HELD_EVENTS) this.close('slow');
  }

  /** Sends, in order, the events after `position` that the viewer may see, as they may see them. */
  deliver(events: readonly StreamEvent[], facts: ReadonlyMap<string, ScopedFacts & TicketFacts>): void {
    for (const event of events) {
      if (this.closed) return;
      if (event.seq <= this.position) continue;
      this.position = event.seq;
      const ticketId = ticketIdOf(event);
      if (!mayReceive(this.viewer, event, ticketId ? facts.get(ticketId) : undefined)) continue;
      // other tickets the event names reach the viewer only when they may read those too
      const scope = scopeOf(this.viewer);
      const shown = withOtherTicketsFor(event, (id) => {
        const other = facts.get(id);
        return other !== undefined && canRead(scope, other);
      });
      if (!this.sink.write(eventFrame(shown))) return this.close('slow');
    }
  }

  /** Takes what was held during the replay; once nothing is left, the subscriber is live. */
  takeHeld(): StreamEvent[] {
    const held = this.held ?? [];
    this.held = held.length > 0 ? [] : null;
    return held;
  }

  /** The user's current role and department, as the session check found them. */
  refresh(state: SessionState): void {
    this.viewer = { id: state.id, role: state.role, departmentId: state.departmentId, teamId: state.teamId };
    this.session.generation = state.tokenGeneration;
  }

  /** A comment; a client too far behind to take it is dropped. */
  ping(frame: string): void {
    if (!this.closed && !this.sink.write(frame)) this.close('slow');
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.finish(reason);
    this.sink.close();
  }

  private finish(reason: CloseReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.held = null;
    this.onClosed(this, reason);
  }
}
