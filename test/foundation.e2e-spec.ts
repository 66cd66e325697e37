import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import request from 'supertest';
import { Public } from '../src/common/auth/public.decorator';
import { ConflictError } from '../src/common/errors/domain-errors';
import { PageQueryDto } from '../src/common/http/page-query.dto';
import { Page } from '../src/common/pagination/page';
import { appWithoutRedis, startTestApp } from './support/app';
import { makeUser } from './support/factories';
import { bearer, login } from './support/http';

class AddressDto {
  @IsString() @MaxLength(20) city: string;
}
class EchoDto {
  @IsString() @MaxLength(10) name: string;
  @IsOptional() @IsInt() @Min(0) @Max(5) level?: number;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
}

@Public()
@Controller('test')
class ProbeController {
  @Get('ok') ok() {
    return { hello: 'world' };
  }
  @Get('page') page(@Query() q: PageQueryDto) {
    return new Page([{ n: 1 }, { n: 2 }], q.page, q.limit, 42);
  }
  @Get('items/:id') item(@Param('id', ParseUUIDPipe) id: string) {
    return { id };
  }
  @Get('boom') boom(): never {
    throw new Error('relation "secret_table" does not exist at /srv/app/x.ts:12');
  }
  @Get('conflict') conflict(): never {
    throw new ConflictError('That name is taken');
  }
  @Post('echo') echo(@Body() body: EchoDto) {
    return body;
  }
}
@Module({ controllers: [ProbeController] })
class ProbeModule {}

const UUID = /^[0-9a-f-]{36}$/;

describe('foundation (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp({ imports: [ProbeModule] });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('envelope', () => {
    it('wraps a success in {success, data, meta} with the request id of the header', async () => {
      const res = await http().get('/api/v1/test/ok').expect(200);
      expect(res.body).toEqual({
        success: true,
        data: { hello: 'world' },
        meta: { timestamp: expect.any(String), requestId: res.headers['x-request-id'] },
      });
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(new Date(res.body.meta.timestamp).toISOString()).toBe(res.body.meta.timestamp);
    });

    it('wraps a Page in data + pagination', async () => {
      const res = await http().get('/api/v1/test/page?page=2&limit=10&unknownParam=x').expect(200);
      expect(res.body.data).toEqual([{ n: 1 }, { n: 2 }]);
      expect(res.body.pagination).toEqual({ page: 2, limit: 10, total: 42, totalPages: 5 });
    });

    it('refuses a limit over 100 with a field detail', async () => {
      const res = await http().get('/api/v1/test/page?limit=101').expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual([{ field: 'limit', message: expect.stringContaining('100') }]);
    });

    it('answers an unknown route with the 404 envelope', async () => {
      const res = await http().get('/api/v1/does-not-exist').expect(404);
      expect(res.body).toEqual({
        success: false,
        error: { code: 'NOT_FOUND', message: expect.any(String) },
        meta: { timestamp: expect.any(String), requestId: res.headers['x-request-id'] },
      });
    });

    it('maps a domain error to its status and code', async () => {
      const res = await http().get('/api/v1/test/conflict').expect(409);
      expect(res.body.error).toEqual({ code: 'CONFLICT', message: 'That name is taken' });
    });

    it('turns an unexpected error into a bare 500 that leaks nothing', async () => {
      const res = await http().get('/api/v1/test/boom').expect(500);
      expect(res.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' });
      expect(JSON.stringify(res.body)).not.toMatch(/secret_table|\/srv|stack|\.ts/);
      expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
    });

    it('answers a malformed UUID in a path with 400, not 500', async () => {
      const res = await http().get('/api/v1/test/items/not-a-uuid').expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('request id', () => {
    it('keeps a client-sent UUID', async () => {
      const id = randomUUID();
      const res = await http().get('/api/v1/test/ok').set('X-Request-Id', id).expect(200);
      expect(res.headers['x-request-id']).toBe(id);
      expect(res.body.meta.requestId).toBe(id);
    });

    it('replaces a client-sent id that is not a UUID', async () => {
      const res = await http().get('/api/v1/test/ok').set('X-Request-Id', 'evil-id; drop').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.headers['x-request-id']).not.toContain('evil');
    });

    it('puts the id on errors too', async () => {
      const id = randomUUID();
      const res = await http().get('/api/v1/nowhere').set('X-Request-Id', id).expect(404);
      expect(res.body.meta.requestId).toBe(id);
    });
  });

  describe('validation', () => {
    it('gives one {field, message} per problem, nested fields as paths', async () => {
      const res = await http()
        .post('/api/v1/test/echo')
        .send({ name: 'x'.repeat(11), level: 9, address: { city: 5 } })
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      const fields = [
        ...new Set((res.body.error.details as Array<{ field: string }>).map((d) => d.field)),
      ].sort();
      expect(fields).toEqual(['address.city', 'level', 'name']);
    });

    it('rejects unknown body properties (no mass assignment)', async () => {
      const res = await http().post('/api/v1/test/echo').send({ name: 'ok', role: 'ADMIN' }).expect(400);
      expect(res.body.error.details).toEqual([{ field: 'role', message: 'property role is not allowed' }]);
    });

    it('accepts a valid body and strips nothing it declared', async () => {
      const res = await http().post('/api/v1/test/echo').send({ name: 'ok', level: 3 }).expect(201);
      expect(res.body.data).toEqual({ name: 'ok', level: 3 });
    });

    it('answers malformed JSON with a 400 envelope', async () => {
      const res = await http()
        .post('/api/v1/test/echo')
        .set('Content-Type', 'application/json')
        .send('{"name": "x",')
        .expect(400);
      expect(res.body.success).toBe(false);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
    });

    it('answers an array instead of an object with 400', async () => {
      const res = await http()
        .post('/api/v1/test/echo')
        .send([{ name: 'x' }])
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });

    it('answers a body over the JSON limit with 413', async () => {
      const res = await http()
        .post('/api/v1/test/echo')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }))
        .expect(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('operations', () => {
    it('GET /health/live answers without the envelope', async () => {
      const res = await http().get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      // answered before Nest's routing (see liveness.ts), yet still counted like every other request
      const metrics = await http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(
        /http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/,
      );
      // HEAD too: in front of Fastify (see LivenessFastPath), or by the controller when it has credentials
      await http().head('/health/live').expect(200);
      await http().head('/health/live').set('Authorization', 'Bearer x').expect(200);
    });

    it('GET /health/ready checks PostgreSQL and Redis', async () => {
      const res = await http().get('/health/ready').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.postgres.status).toBe('up');
      expect(res.body.details.redis.status).toBe('up');
    });

    it('GET /metrics exposes request counts by route template, and process metrics', async () => {
      const id = randomUUID();
      await http().get(`/api/v1/test/items/${id}`).expect(200);
      const res = await http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toMatch(
        /http_requests_total\{method="GET",route="\/api\/v1\/test\/items\/:id",status="200"\} \d+/,
      );
      expect(res.text).toContain('http_request_duration_seconds_bucket');
      expect(res.text).not.toContain(id);
    });

    it('serves Swagger UI and the OpenAPI document with the bearer scheme', async () => {
      const ui = await http().get('/api/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger');
      const doc = await http().get('/api/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health/ready']));
    });
  });

  describe('readiness with Redis unreachable', () => {
    const broken = appWithoutRedis();

    it('stays ready (the service runs degraded without Redis) and reports redis down in details', async () => {
      const res = await request(broken().getHttpServer()).get('/health/ready').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details.redis.status).toBe('down');
      expect(res.body.details.postgres.status).toBe('up');
      expect(res.body.error.redis.status).toBe('down');
      expect(res.body.info.postgres.status).toBe('up');
      await request(broken().getHttpServer()).get('/health/live').expect(200);
    });

    it('keeps serving authenticated requests from PostgreSQL', async () => {
      const user = await makeUser();
      const session = await login(app, user.email, user.password);
      const me = await request(broken().getHttpServer())
        .get('/api/v1/auth/me')
        .set(...bearer(session))
        .expect(200);
      expect(me.body.data.id).toBe(user.id);
      const relogin = await request(broken().getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      expect(relogin.body.data.user.id).toBe(user.id);
      // logout still ends the session: its refresh family is revoked in PostgreSQL
      const other = await login(app, user.email, user.password);
      await request(broken().getHttpServer())
        .post('/api/v1/auth/logout')
        .set(...bearer(other))
        .send({})
        .expect(204);
      await http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      // each instance authenticates with its own services: the healthy one is untouched by the broken() one
      await http()
        .get('/api/v1/auth/me')
        .set(...bearer(relogin.body.data.accessToken))
        .expect(200);
    });
  });
});
