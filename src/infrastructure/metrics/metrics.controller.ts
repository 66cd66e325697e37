import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { UnauthenticatedError } from '../../common/errors/domain-errors';
import { NoApiRateLimit } from '../../common/rate-limit/no-api-rate-limit.decorator';
import { SkipEnvelope } from '../../common/http/skip-envelope.decorator';
import { appConfig } from '../../config/configuration';
import { METRICS_CHALLENGE, metricsAccessAllowed } from './metrics-token';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Public()
@NoApiRateLimit()
@SkipEnvelope()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth('metrics')
  @ApiOperation({
    summary: 'Prometheus metrics (text format)',
    description:
      'Open when METRICS_TOKEN is unset (keep /metrics off the public ingress then). With METRICS_TOKEN set, ' +
      'it answers only `Authorization: Bearer <METRICS_TOKEN>`; anything else is 401 UNAUTHENTICATED.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: METRICS_TOKEN is set and was not sent' })
  async scrape(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!metricsAccessAllowed(request.headers.authorization, this.config.metricsToken)) {
      void reply.header('www-authenticate', METRICS_CHALLENGE);
      throw new UnauthenticatedError('A valid metrics token is required');
    }
    void reply.type(this.metrics.contentType);
    return this.metrics.render();
  }
}
