import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The registry and its helpers; the scrape endpoint lives in the api's OperationsModule. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
