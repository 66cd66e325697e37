import { SetMetadata } from '@nestjs/common';

export const NO_API_RATE_LIMIT = 'noApiRateLimit';
/** Exempts a route from the per-user API limit (probes, metrics, or routes with a limit of their own). */
export const NoApiRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(NO_API_RATE_LIMIT, true);
