import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import { SkipEnvelope } from './skip-envelope.decorator';

/**
 * A route that hands out stored bytes (see `download`): no envelope around them, documented as an operation that
 * produces `mediaType`.
 */
export const ApiDownload = (summary: string, mediaType: string): MethodDecorator =>
  applyDecorators(SkipEnvelope(), ApiOperation({ summary }), ApiProduces(mediaType));
