import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export async function login(app: NestFastifyApplication, email: string, password: string): Promise<Session> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken };
}

export const bearer = (s: Session | string): [string, string] => [
  'Authorization',
  `Bearer ${typeof s === 'string' ? s : s.accessToken}`,
];
