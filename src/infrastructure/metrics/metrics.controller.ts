import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { NoApiRateLimit } from '../../common/rate-limit/no-api-rate-limit.decorator';
import { SkipEnvelope } from '../../common/http/skip-envelope.decorator';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Public()
@NoApiRateLimit()
@SkipEnvelope()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.type(this.metrics.contentType);
    return this.metrics.render();
  }
}
