import { Injectable, Logger } from '@nestjs/common';
import { AccessToken } from '../../common/auth/access-token';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { UnauthenticatedError } from '../../common/errors/domain-errors';
import { isUuid } from '../../common/ids';
import { SessionLiveness, WatchedSession } from '../auth/session-liveness.port';
import { commentFrame, retryFrame } from './domain/sse-frames';
import { EventHub, PAGE_SIZE } from './event-hub.service';
import { EventLog } from './event-log.port';
import { StreamSink } from './stream-sink';
import { StreamSubscriber } from './stream-subscriber';
import { StreamTokens } from './stream-tokens.port';

export const STREAM_TOKEN_TTL_SECONDS = 60;
/** how far back `Last-Event-ID` replays */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** what EventSource waits before reconnecting after the stream ends */
const RECONNECT_MS = 2_000;

export interface StreamCredentials {
  /** the Authorization header, if sent */
  authorization?: string;
  /** a single-use stream token from the query string, if sent */
  token?: string;
}

/**
 * `GET /events/stream`: who may open a stream, and what it sends first. A stream opens with the caller's access
 * token in the Authorization header or with a single-use stream token (for EventSource, which cannot send headers);
 * with `Last-Event-ID` it first replays the events the caller may see that came after that one (up to 24 h back),
 * then goes live without sending any event twice.
 */
@Injectable()
export class EventStreamService {
  private readonly logger = new Logger(EventStreamService.name);

  constructor(
    private readonly hub: EventHub,
    private readonly log: EventLog,
    private readonly tokens: StreamTokens,
    private readonly liveness: SessionLiveness,
  ) {}

  /** A token that opens one stream within 60 s, for the caller's session. */
  async issueToken(user: Actor, access: AccessToken): Promise<{ token: string; expiresAt: Date }> {
    const session = await this.liveness.watch(user, access);
    if (!session) throw new UnauthenticatedError();
    const token = await this.tokens.issue(
      {
        userId: user.id,
        sessionId: access.sessionId,
        jti: access.jti,
        exp: access.exp,
        generation: session.generation,
      },
      STREAM_TOKEN_TTL_SECONDS,
    );
    return { token, expiresAt: new Date(Date.now() + STREAM_TOKEN_TTL_SECONDS * 1000) };
  }

  /** The session a stream opens for; 401 without valid credentials. The header wins over a token. */
  async admit(credentials: StreamCredentials): Promise<WatchedSession> {
    const session = credentials.authorization
      ? await this.fromHeader(credentials.authorization)
      : credentials.token
        ? await this.fromToken(credentials.token)
        : null;
    if (!session) {
      throw new UnauthenticatedError(
        'A valid access token (Authorization header) or stream token (?token=) is required',
      );
    }
    return session;
  }

  private async fromHeader(header: string): Promise<WatchedSession | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? this.liveness.authenticate(match[1]) : null;
  }

  private async fromToken(token: string): Promise<WatchedSession | null> {
    const grant = await this.tokens.redeem(token);
    if (!grant) return null;
    const probe: WatchedSession = {
      actor: { id: grant.userId, role: Role.END_USER, departmentId: null, teamId: null },
      token: { jti: grant.jti, exp: grant.exp, sessionId: grant.sessionId },
      generation: grant.generation,
    };
    // the session must still stand now, and the stream sees the user as they are now
    const [state] = await this.liveness.check([probe]);
    if (!state) return null;
    const { role, departmentId, teamId } = state;
    return {
      actor: { ...probe.actor, role, departmentId, teamId },
      token: probe.token,
      generation: state.tokenGeneration,
    };
  }

  /** Starts the stream on an open sink: replay (with Last-Event-ID), then live. Never throws: the sink is open. */
  async open(session: WatchedSession, sink: StreamSink, lastEventId?: string): Promise<void> {
    sink.write(retryFrame(RECONNECT_MS));
    sink.write(commentFrame('connected'));
    const replay = lastEventId?.trim();
    if (!replay || !isUuid(replay)) {
      this.hub.register(session, sink, null);
      return;
    }
    let subscriber: StreamSubscriber | undefined;
    try {
      // an unknown id (or one too old to be kept) replays the whole window
      const from = (await this.log.positionOf(replay)) ?? 0;
      subscriber = this.hub.register(session, sink, from);
      const since = new Date(Date.now() - REPLAY_WINDOW_MS);
      for (;;) {
        const page = await this.log.after(subscriber.position, PAGE_SIZE, since);
        if (page.length > 0) subscriber.deliver(page, await this.hub.factsFor(page));
        if (subscriber.closed || page.length < PAGE_SIZE) break;
        await sink.drained();
      }
      await this.hub.finishReplay(subscriber);
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'event stream replay failed');
      if (subscriber) subscriber.close('error');
      else sink.close();
    }
  }
}
