import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { NotFoundError, RateLimitedError, ValidationFailedError } from '../errors/domain-errors';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  const rid = '00000000-0000-4000-8000-000000000000';

  it('maps a domain error by its code and keeps its details', () => {
    const r = toErrorResponse(
      new ValidationFailedError('bad', [{ field: 'email', message: 'must be an email' }]),
      rid,
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'bad',
      details: [{ field: 'email', message: 'must be an email' }],
    });
    expect(r.body.meta.requestId).toBe(rid);
    expect(r.unexpected).toBe(false);
  });

  it('sets Retry-After for rate limiting', () => {
    const r = toErrorResponse(new RateLimitedError(30), rid);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('30');
  });

  it('says "not found" for a missing resource and a missing route alike', () => {
    expect(toErrorResponse(new NotFoundError('Ticket'), rid).body.error.message).toBe('Ticket not found');
    expect(toErrorResponse(new NotFoundException('Cannot GET /secret/path'), rid).body.error.message).toBe(
      'Not found',
    );
  });

  it('maps framework HTTP exceptions by status', () => {
    expect(
      toErrorResponse(new BadRequestException('Validation failed (uuid is expected)'), rid).body.error.code,
    ).toBe('VALIDATION_ERROR');
    expect(toErrorResponse(new ServiceUnavailableException(), rid).status).toBe(503);
  });

  it('hides everything about an unknown error', () => {
    const r = toErrorResponse(new TypeError('column "password_hash" of relation "users"'), rid);
    expect(r.status).toBe(500);
    expect(r.unexpected).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain('password_hash');
  });

  it('maps Fastify client errors with a safe message', () => {
    const err = Object.assign(new Error('Unexpected token } in JSON at position 12'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    const r = toErrorResponse(err, rid);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('The request body is not valid JSON');
  });

  it('answers 503 SERVICE_UNAVAILABLE when PostgreSQL is away or out of connections, showing nothing of why', () => {
    const cases: Error[] = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Query failed'), {
        driverError: Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        }),
      }),
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      // the database closed to connections (ALLOW_CONNECTIONS false, for maintenance)
      Object.assign(new Error('database "helpdesk" is not currently accepting connections'), {
        code: '55000',
      }),
      // a transaction whose connection died under it, as TypeORM reports it
      {
        type: 'QueryRunnerAlreadyReleasedError',
        message:
          'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
      } as unknown as Error,
      new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:5433'), { code: 'ECONNREFUSED' }),
      ]),
    ];
    for (const err of cases) {
      const r = toErrorResponse(err, rid);
      expect([r.status, r.body.error.code, r.headers['retry-after']]).toEqual([
        503,
        'SERVICE_UNAVAILABLE',
        '1',
      ]);
      expect(r.body.error.message).toBe('The service is temporarily unavailable');
    }
    // a constraint or syntax error is no outage
    const unique = Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } });
    expect(toErrorResponse(unique, rid).status).toBe(500);
  });

  it('answers 409 CONFLICT when a foreign key meets a change made meanwhile, showing nothing of the statement', () => {
    const raced = Object.assign(
      new Error('insert or update on table "service_items" violates foreign key constraint "x_fkey"'),
      {
        driverError: {
          code: '23503',
          detail: 'Key (category_id)=(…) is not present in table "service_categories".',
        },
      },
    );
    const r = toErrorResponse(raced, rid);
    expect([r.status, r.body.error.code, r.unexpected]).toEqual([409, 'CONFLICT', false]);
    expect(JSON.stringify(r.body)).not.toMatch(/service_|category_id|fkey/);
  });
});
