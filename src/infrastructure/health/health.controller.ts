import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { NoApiRateLimit } from '../../common/rate-limit/no-api-rate-limit.decorator';
import { SkipEnvelope } from '../../common/http/skip-envelope.decorator';
import { RedisHealthIndicator } from './redis.health';

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
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers; touches neither PostgreSQL nor Redis' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: a real round trip to PostgreSQL and to Redis' })
  @ApiResponse({ status: 200, description: 'both answered' })
  @ApiResponse({ status: 503, description: 'at least one did not; `error` names which' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 1500 }),
        () => this.redis.check('redis'),
      ]);
    } catch (err) {
      if (err instanceof ServiceUnavailableException) {
        void reply.status(503);
        return err.getResponse() as HealthCheckResult;
      }
      throw err;
    }
  }
}
