import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsController } from '../metrics/metrics.controller';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';
import { ShutdownState } from './shutdown-state';

/** The api's operational endpoints, outside /api/v1: /health/live, /health/ready and /metrics. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
  controllers: [HealthController, MetricsController],
  providers: [RedisHealthIndicator, ShutdownState],
  exports: [ShutdownState],
})
export class OperationsModule {}
