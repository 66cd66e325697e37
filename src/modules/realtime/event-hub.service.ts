import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { SessionLiveness, WatchedSession } from '../auth/session-liveness.port';
import { TicketAccess, TicketAccessFacts } from '../tickets/ticket-access.port';
import { commentFrame } from './domain/sse-frames';
import { StreamEvent, ticketIdOf } from './domain/stream-event';
import { otherTicketsOf } from './domain/other-tickets';
import { EventLog } from './event-log.port';
import { LiveFeed } from './live-feed.port';
import { StreamSink } from './stream-sink';
import { CloseReason, StreamSubscriber } from './stream-subscriber';

export const HEARTBEAT_MS = 15_000;
/** revoked sessions are noticed within this (the contract allows 5 s) */
export const SESSION_CHECK_MS = 2_000;
/** how often the table is read for events whose live message was lost (a Redis reconnect, a relay crash) */
const CATCH_UP_MS = 3_000;
export const PAGE_SIZE = 200;

/**
 * This instance's open streams, fed by the relay's live messages in stream order. Each batch costs one query for
 * the current access facts of its tickets, whatever the number of subscribers; each subscriber then decides in
 * memory. A hole in the positions (a lost message) is filled from the table before anything later goes out, and a
 * periodic read catches what was lost at the end. Heartbeats and the session check run on one timer each for all
 * streams, so an idle stream costs no timer and no query of its own.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventHub.name);
  private readonly subscribers = new Set<StreamSubscriber>();
  /** the last stream position this instance has dealt with */
  private position = 0;
  /** live batches, catch-ups and gap reads run one after the other, in stream order */
  private chain: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private checkingSessions = false;
  private stopping = false;
  private readonly open;
  private readonly closedTotal;
  private readonly sent;

  constructor(
    private readonly log: EventLog,
    private readonly feed: LiveFeed,
    private readonly access: TicketAccess,
    private readonly liveness: SessionLiveness,
    metrics: MetricsService,
  ) {
    this.open = metrics.gauge('realtime_streams_open', 'Open event streams on this instance');
    this.closedTotal = metrics.counter('realtime_streams_closed_total', 'Event streams ended, by reason', [
      'reason',
    ]);
    this.sent = metrics.counter('realtime_batches_total', 'Live event batches fanned out to streams');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.position = await this.log.latestPosition();
    this.feed.start((events) => this.enqueue(() => this.ingest(events)));
    this.timers = [
      setInterval(() => this.heartbeat(), HEARTBEAT_MS),
      setInterval(() => void this.checkSessions(), SESSION_CHECK_MS),
      setInterval(() => this.enqueue(() => this.catchUp()), CATCH_UP_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Ends every stream before the HTTP server closes, so clients reconnect to another instance at once. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const subscriber of [...this.subscribers]) subscriber.close('shutdown');
    await this.feed.stop();
    await this.chain;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a stream. Without a replay it is live from this instance's current position; with one it starts at
   * `replayFrom` and holds live events until `finishReplay`.
   */
  register(session: WatchedSession, sink: StreamSink, replayFrom: number | null): StreamSubscriber {
    const subscriber = new StreamSubscriber(
      session,
      sink,
      replayFrom ?? this.position,
      replayFrom !== null,
      (s, reason) => this.forget(s, reason),
    );
    if (this.stopping) subscriber.close('shutdown');
    else {
      this.subscribers.add(subscriber);
      this.open.set(this.subscribers.size);
    }
    return subscriber;
  }

  /** The current access facts of the tickets of these events and of the other tickets they name (one query). */
  factsFor(events: readonly StreamEvent[]): Promise<Map<string, TicketAccessFacts>> {
    const ids = [
      ...new Set(
        events
          .flatMap((e) => [ticketIdOf(e), ...otherTicketsOf(e)])
          .filter((id): id is string => id !== null),
      ),
    ];
    return ids.length === 0
      ? Promise.resolve(new Map<string, TicketAccessFacts>())
      : this.access.factsOf(ids);
  }

  /** Sends what was held during a subscriber's replay, then lets it go live. */
  async finishReplay(subscriber: StreamSubscriber): Promise<void> {
    for (;;) {
      const held = subscriber.takeHeld();
      if (held.length === 0 || subscriber.closed) return;
      subscriber.deliver(held, await this.factsFor(held));
    }
  }

  private forget(subscriber: StreamSubscriber, reason: CloseReason): void {
    if (this.subscribers.delete(subscriber)) {
      this.open.set(this.subscribers.size);
      this.closedTotal.inc({ reason });
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err: Error) => {
      this.logger.warn({ error: err.message }, 'event stream fan-out failed; the next catch-up retries');
    });
  }

  private async ingest(events: readonly StreamEvent[]): Promise<void> {
    const fresh = events.filter((e) => e.seq > this.position).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    if (this.subscribers.size === 0) {
      this.position = fresh[fresh.length - 1].seq;
      return;
    }
    const batch =
      fresh[0].seq > this.position + 1 ? [...(await this.readGap(fresh[0].seq)), ...fresh] : fresh;
    const facts = await this.factsFor(batch);
    for (const subscriber of [...this.subscribers]) subscriber.offer(batch, facts);
    this.position = batch[batch.length - 1].seq;
    this.sent.inc();
  }

  /** Events between this instance's position and `before` that never arrived live (none if their numbers burned). */
  private async readGap(before: number): Promise<StreamEvent[]> {
    const missing: StreamEvent[] = [];
    let cursor = this.position;
    for (;;) {
      const page = await this.log.after(cursor, PAGE_SIZE);
      const inGap = page.filter((e) => e.seq < before);
      missing.push(...inGap);
      if (page.length < PAGE_SIZE || inGap.length < page.length) return missing;
      cursor = page[page.length - 1].seq;
    }
  }

  private async catchUp(): Promise<void> {
    if (this.subscribers.size === 0 || this.stopping) return;
    const page = await this.log.after(this.position, PAGE_SIZE);
    if (page.length > 0) await this.ingest(page);
  }

  private heartbeat(): void {
    const frame = commentFrame('heartbeat');
    for (const subscriber of [...this.subscribers]) subscriber.ping(frame);
  }

  /** One batched check for every stream on this instance; a revoked session's stream ends. */
  private async checkSessions(): Promise<void> {
    if (this.checkingSessions || this.subscribers.size === 0) return;
    this.checkingSessions = true;
    try {
      const subscribers = [...this.subscribers];
      const states = await this.liveness.check(subscribers.map((s) => s.session));
      subscribers.forEach((subscriber, i) => {
        const state = states[i];
        if (state) subscriber.refresh(state);
        else subscriber.close('session_ended');
      });
    } catch (err) {
      // PostgreSQL away: streams stay as they are (no new events flow either) until the check works again
      this.logger.warn({ error: (err as Error).message }, 'stream session check failed');
    } finally {
      this.checkingSessions = false;
    }
  }
}
