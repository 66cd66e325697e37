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

/** A supertest parser that keeps a binary body as a Buffer: `.buffer(true).parse(binaryBody)`. */
export const binaryBody = (res: request.Response, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Multipart parts: a string is a field, an object a file. */
export type FormParts = Record<string, string | { data: Buffer; filename: string; type: string }>;

/** The parts as a fetch body. */
export function formData(parts: FormParts): FormData {
  const form = new FormData();
  for (const [name, part] of Object.entries(parts))
    if (typeof part === 'string') form.append(name, part);
    else form.append(name, new Blob([part.data], { type: part.type }), part.filename);
  return form;
}
