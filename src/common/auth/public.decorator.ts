import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'isPublic';
/** Marks an operation of the OpenAPI document as public; the document's refinement turns it into `security: []`. */
export const PUBLIC_OPERATION = 'x-public';

/** Opts a route out of the global authentication guard; every other route requires a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION, true));
