import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { NoApiRateLimit } from '../../common/rate-limit/no-api-rate-limit.decorator';
import { SkipEnvelope } from '../../common/http/skip-envelope.decorator';
import { RedisHealthIndicator } from './redis.health';
import { ShutdownState } from './shutdown-state';

const INDICATORS = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    required: ['status'],
  },
};
/** Terminus's own answer, not the API envelope: what probes and operators read. */
const READINESS = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: INDICATORS,
    error: INDICATORS,
    details: INDICATORS,
  },
  required: ['status', 'info', 'error', 'details'],
};

@ApiTags('operations')
@Public()
@NoApiRateLimit()
@SkipEnvelope()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers; touches neither PostgreSQL nor Redis' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL decides readiness. Redis is reported but never fails it: without Redis the service runs degraded
   * (sessions, caches and limits fall back), and a Redis blip must not take every replica out of rotation at once.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: a real round trip to PostgreSQL and to Redis' })
  @ApiResponse({
    status: 200,
    description: 'PostgreSQL answered; `details.redis` says whether Redis did (`down` keeps readiness 200)',
    content: {
      'application/json': {
        schema: READINESS,
        example: {
          status: 'ok',
          info: { postgres: { status: 'up' } },
          error: { redis: { status: 'down', message: 'not connected (reconnecting)' } },
          details: {
            postgres: { status: 'up' },
            redis: { status: 'down', message: 'not connected (reconnecting)' },
          },
        },
      },
    },
  })
  @ApiResponse({
    status: 503,
    description:
      'PostgreSQL did not answer (`status: error`), or the process is draining after SIGTERM (`status: shutting_down`)',
    content: {
      'application/json': {
        schema: READINESS,
        example: { status: 'shutting_down', info: {}, error: {}, details: {} },
      },
    },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    if (this.shutdown.draining) {
      void reply.status(503);
      return { status: 'shutting_down', info: {}, error: {}, details: {} };
    }
    const [redis, postgres] = await Promise.all([this.redis.check('redis'), this.postgres()]);
    const details: HealthIndicatorResult = { ...postgres.details, ...redis };
    const pick = (up: boolean): HealthIndicatorResult =>
      Object.fromEntries(Object.entries(details).filter(([, v]) => (v.status === 'up') === up));
    if (postgres.status !== 'ok') void reply.status(503);
    return { status: postgres.status, info: pick(true), error: pick(false), details };
  }

  private async postgres(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.db.pingCheck('postgres', { timeout: 1500 })]);
    } catch (err) {
      if (err instanceof ServiceUnavailableException) return err.getResponse() as HealthCheckResult;
      throw err;
    }
  }
}
