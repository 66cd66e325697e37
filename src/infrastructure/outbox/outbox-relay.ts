import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { isPrivateEvent } from '../../common/events/private-events';
import { databaseConfig, outboxConfig, redisConfig } from '../../config/configuration';
import { queryRows } from '../database/sql';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { MetricsService } from '../metrics/metrics.service';
import { presentJobIds } from '../queue/job-queues';
import { redisReady } from '../redis/redis-available';
import { LiveBatchMessage, liveEventsChannel } from './outbox-live';
import { EVENTS_QUEUE, OutboxJobData, priorityOf, retentionOf } from './outbox-queue';

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string | null;
  payload: { actorId?: string | null; data?: Record<string, unknown> };
  occurred_at: Date;
  trace_context: Record<string, string> | null;
}

/** the channel the migration's trigger notifies on every insert into outbox_events */
export const OUTBOX_CHANNEL = 'outbox_events';
const REDIS_WAIT_MS = 2000;
const ENQUEUE_TIMEOUT_MS = 5000;
const MAX_FAILURE_BACKOFF_MS = 5000;
const GAUGE_REFRESH_MS = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const KEEP_DISPATCHED_DAYS = 7;
const REDRIVE_BATCH = 500;
const REDRIVE_MAX_BATCHES = 10;
/** held from numbering a batch's stream positions until its commit, so positions become visible in order */
const STREAM_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('outbox_events.stream_seq'))`;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows to the BullMQ `events` queue. Each batch is read with FOR UPDATE SKIP LOCKED inside a
 * transaction, so replicas never take the same row; rows are marked dispatched only after the enqueue succeeded,
 * and the job id is the event id, so a re-dispatch after a crash between enqueue and commit adds nothing. When Redis
 * is down the rows stay pending (with attempts and last_error) and go out once it is back.
 *
 * Each dispatched batch also gets stream positions (numbered under a lock held until commit) and, once committed, is
 * published once on the live channel that real-time streams listen to. A lost publish is not fatal: the streams
 * notice the hole in the positions and read the missing events from the table.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** a notification came while a batch was in hand: look again at once instead of sleeping */
  private woken = false;
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;
  private failuresInARow = 0;
  private lastGaugeAt = 0;
  private lastPruneAt = Date.now();
  /** 0: the first look comes at start, since a worker that starts often replaces one that died */
  private lastRedriveAt = 0;
  private readonly pending;
  private readonly oldestAge;
  private readonly dispatched;
  private readonly failures;
  private readonly redriven;
  private readonly channel: string;

  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<OutboxJobData>,
    @Inject(outboxConfig.KEY) private readonly config: ConfigType<typeof outboxConfig>,
    @Inject(databaseConfig.KEY) private readonly database: ConfigType<typeof databaseConfig>,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(redisConfig.KEY) redisSettings: ConfigType<typeof redisConfig>,
    metrics: MetricsService,
  ) {
    this.channel = liveEventsChannel(redisSettings.keyPrefix);
    this.pending = metrics.gauge('outbox_pending_events', 'Committed events not yet handed to BullMQ');
    this.oldestAge = metrics.gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest committed event not yet handed to BullMQ',
    );
    this.dispatched = metrics.counter('outbox_events_dispatched_total', 'Outbox events handed to BullMQ', [
      'type',
    ]);
    this.redriven = metrics.counter(
      'queue_jobs_redriven_total',
      'Jobs queued again from PostgreSQL because the queue had lost them (Redis came back empty)',
      ['queue'],
    );
    this.failures = metrics.counter(
      'outbox_dispatch_failures_total',
      'Relay batches that could not be handed to BullMQ (left pending for the next poll)',
    );
  }

  onApplicationBootstrap(): void {
    this.running = true;
    if (this.config.listen) this.listen();
    this.loop = this.run();
  }

  /** Stops polling and waits for the batch in hand, while the database pool is still open. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.nudge();
    clearTimeout(this.listenerRetry);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.loop;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.dispatchBatch();
        if (this.failuresInARow > 0) this.logger.log('outbox relay dispatches again');
        this.failuresInARow = 0;
      } catch (err) {
        this.failuresInARow += 1;
        this.failures.inc();
        // one line per outage, not one per poll
        if (this.failuresInARow === 1) {
          this.logger.warn(
            { error: (err as Error).message },
            'outbox relay cannot dispatch; events stay pending',
          );
        }
      }
      await this.refreshGauges();
      await this.maybeRedrive();
      if (!this.running) break;
      if (moved === this.config.batchSize) continue; // more are waiting
      const backoff =
        this.failuresInARow === 0
          ? this.config.pollIntervalMs
          : Math.min(
              this.config.pollIntervalMs * 2 ** Math.min(this.failuresInARow, 6),
              MAX_FAILURE_BACKOFF_MS,
            );
      await this.sleep(Math.max(backoff, this.config.pollIntervalMs));
    }
  }

  /**
   * One transaction: lock a batch, enqueue it, number and mark it; then publish it live. Returns how many rows went
   * out; throws when none could.
   */
  async dispatchBatch(): Promise<number> {
    const outcome = await this.uow.run(async (): Promise<LiveBatchMessage | Error> => {
      const rows = await queryRows<OutboxRow>(
        this.uow.manager(),
        `SELECT id, type, aggregate_id, payload, occurred_at, trace_context FROM outbox_events
          WHERE dispatched_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.batchSize],
      );
      if (rows.length === 0) return { events: [] };
      const ids = rows.map((r) => r.id);
      try {
        await this.enqueue(rows);
      } catch (err) {
        await queryRows(
          this.uow.manager(),
          `UPDATE outbox_events SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`,
          [ids, ((err as Error).message || 'enqueue failed').slice(0, 1000)],
        );
        return err as Error; // commit the bookkeeping, release the rows for the next poll
      }
      await queryRows(this.uow.manager(), STREAM_LOCK_SQL);
      const seqs = (
        await queryRows<{ seq: string }>(
          this.uow.manager(),
          `SELECT nextval('outbox_stream_seq') AS seq FROM generate_series(1, $1)`,
          [rows.length],
        )
      )
        .map((r) => Number(r.seq))
        .sort((a, b) => a - b);
      await queryRows(
        this.uow.manager(),
        `UPDATE outbox_events o
            SET dispatched_at = clock_timestamp(), attempts = o.attempts + 1, last_error = NULL, stream_seq = n.seq
           FROM unnest($1::uuid[], $2::bigint[]) AS n(id, seq)
          WHERE o.id = n.id`,
        [ids, seqs],
      );
      for (const row of rows) this.dispatched.inc({ type: row.type });
      return { events: rows.map((row, i) => toLiveEvent(row, seqs[i])) };
    });
    if (outcome instanceof Error) throw outcome;
    if (outcome.events.length > 0) await this.publishLive(outcome);
    return outcome.events.length;
  }

  private async maybeRedrive(): Promise<void> {
    const now = Date.now();
    if (now - this.lastRedriveAt < this.config.redriveAfterMs / 2) return;
    this.lastRedriveAt = now;
    try {
      await this.redriveLostEvents();
    } catch (err) {
      this.logger.debug({ error: (err as Error).message }, 'outbox re-drive skipped');
    }
  }

  /**
   * Queues again the dispatched events whose fan-out never finished and whose job BullMQ no longer holds (Redis came
   * back empty after a failover without persistence): dispatched more than OUTBOX_REDRIVE_AFTER_MS and less than a
   * day ago. The fan-out marks an event handled before its job completes, and the rows are read again after Redis,
   * so an event that just finished is never taken for a lost one; the job id is the event id, so relays sweeping at
   * once add one job. Returns how many went out again.
   */
  async redriveLostEvents(): Promise<number> {
    const client = await withTimeout(this.queue.client, REDIS_WAIT_MS, 'Redis');
    if (client.status !== 'ready') return 0;
    let total = 0;
    let after: { at: Date; id: string } | null = null;
    for (let i = 0; i < REDRIVE_MAX_BATCHES; i++) {
      // ids only: with a backlog the queue still holds, every look would otherwise read (and parse) every payload
      const rows: Array<{ id: string; dispatched_at: Date }> = await queryRows(
        this.uow.manager(),
        `SELECT id, dispatched_at FROM outbox_events
          WHERE dispatched_at IS NOT NULL AND handled_at IS NULL
            AND dispatched_at < clock_timestamp() - make_interval(secs => $1)
            AND dispatched_at > clock_timestamp() - interval '1 day'
            AND ($2::timestamptz IS NULL OR (dispatched_at, id) > ($2, $3::uuid))
          ORDER BY dispatched_at, id LIMIT $4`,
        [this.config.redriveAfterMs / 1000, after?.at ?? null, after?.id ?? null, REDRIVE_BATCH],
      );
      if (rows.length === 0) break;
      const last = rows[rows.length - 1];
      after = { at: last.dispatched_at, id: last.id };
      const present = await withTimeout(
        presentJobIds(
          this.queue,
          rows.map((r) => r.id),
        ),
        ENQUEUE_TIMEOUT_MS,
        'Redis',
      );
      const missing = rows.filter((r) => !present.has(r.id)).map((r) => r.id);
      if (missing.length > 0) {
        // read after Redis, and only those not handled meanwhile: a job that just finished is not a lost one
        const lost = await queryRows<OutboxRow>(
          this.uow.manager(),
          `SELECT id, type, aggregate_id, payload, occurred_at, trace_context FROM outbox_events
            WHERE id = ANY($1::uuid[]) AND handled_at IS NULL ORDER BY occurred_at, id`,
          [missing],
        );
        if (lost.length > 0) {
          await this.enqueue(lost);
          this.redriven.inc({ queue: EVENTS_QUEUE }, lost.length);
          this.logger.warn({ count: lost.length }, 'outbox events queued again: their jobs were lost');
          total += lost.length;
        }
      }
      if (rows.length < REDRIVE_BATCH) break;
    }
    return total;
  }

  /** Best effort: a stream that misses this message reads the events from the table when it sees the hole. */
  private async publishLive(batch: LiveBatchMessage): Promise<void> {
    if (!redisReady(this.redis, 'live_events')) return;
    try {
      await withTimeout(this.redis.publish(this.channel, JSON.stringify(batch)), ENQUEUE_TIMEOUT_MS, 'Redis');
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'live event publish failed; streams will catch up');
    }
  }

  private async enqueue(rows: OutboxRow[]): Promise<void> {
    // Fail fast while Redis is unreachable instead of parking commands in the client's offline queue.
    const client = await withTimeout(this.queue.client, REDIS_WAIT_MS, 'Redis');
    if (client.status !== 'ready') throw new Error(`Redis is not connected (${client.status})`);
    const jobs = rows.map((row) => ({
      name: row.type,
      data: {
        id: row.id,
        type: row.type,
        aggregateId: row.aggregate_id,
        actorId: row.payload.actorId ?? null,
        data: row.payload.data ?? {},
        occurredAt: row.occurred_at.toISOString(),
      },
      opts: {
        jobId: row.id,
        priority: priorityOf(row.type),
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
        ...retentionOf(row.type),
        // the trace of the request that wrote the event (BullMQ's telemetry metadata: the propagation headers)
        ...(row.trace_context ? { telemetry: { metadata: JSON.stringify(row.trace_context) } } : {}),
      },
    }));
    const adding = this.queue.addBulk(jobs);
    adding.catch(() => undefined); // if the timeout wins, a late failure must not go unhandled
    await withTimeout(adding, ENQUEUE_TIMEOUT_MS, 'Redis');
  }

  private async refreshGauges(): Promise<void> {
    const now = Date.now();
    if (now - this.lastGaugeAt < GAUGE_REFRESH_MS) return;
    this.lastGaugeAt = now;
    try {
      const [row] = await queryRows<{ pending: number; age: number | null }>(
        this.uow.manager(),
        `SELECT count(*)::int AS pending, extract(epoch FROM clock_timestamp() - min(occurred_at))::float8 AS age
           FROM outbox_events WHERE dispatched_at IS NULL`,
      );
      this.pending.set(row.pending);
      this.oldestAge.set(row.age ?? 0);
      if (now - this.lastPruneAt > PRUNE_EVERY_MS) {
        this.lastPruneAt = now;
        await queryRows(
          this.uow.manager(),
          `DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events
             WHERE dispatched_at < now() - make_interval(days => $1) LIMIT 5000)`,
          [KEEP_DISPATCHED_DAYS],
        );
      }
    } catch {
      // the database being away is reported by the dispatch itself
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.woken = false;
        resolve();
      };
      this.wake = done;
    });
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  /** A dedicated connection that LISTENs for inserts, so the relay wakes at once (the poll stays as a safety net). */
  private listen(): void {
    if (!this.running) return;
    const client = new Client({
      connectionString: this.database.url,
      application_name: 'helpdesk-outbox-listener',
    });
    this.listener = client;
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.running) this.listenerRetry = setTimeout(() => this.listen(), 5000);
    };
    client.on('notification', () => this.nudge());
    client.on('error', retry);
    client.on('end', retry);
    client
      .connect()
      .then(() => client.query(`LISTEN ${OUTBOX_CHANNEL}`))
      .catch((err: Error) => {
        this.logger.warn({ error: err.message }, 'outbox LISTEN unavailable; polling only');
        retry();
      });
  }
}

function toLiveEvent(row: OutboxRow, seq: number): LiveBatchMessage['events'][number] {
  const base = {
    seq,
    id: row.id,
    type: row.type,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at.toISOString(),
  };
  if (isPrivateEvent(row.type)) return { ...base, actorId: null };
  return { ...base, actorId: row.payload.actorId ?? null, data: row.payload.data ?? {} };
}
