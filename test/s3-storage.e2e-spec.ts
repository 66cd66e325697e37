import { createHash, randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, TestUser } from './support/factories';
import { bearer, binaryBody, login } from './support/http';
import { TestS3Server } from './support/s3';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF header and then random bytes: sniffed as application/pdf, larger than one multipart part. */
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);

/** STORAGE_DRIVER=s3 against a real S3-compatible server: two api instances share one bucket. */
describe('attachments on S3-compatible storage (e2e)', () => {
  let s3: TestS3Server;
  let one: NestFastifyApplication;
  let two: NestFastifyApplication;
  let requester: TestUser;
  let token: [string, string];
  let ticketId: string;

  beforeAll(async () => {
    s3 = await new TestS3Server().start();
    one = await startTestApp({ env: { ...s3.env(), ATTACHMENT_MAX_BYTES: String(8 * 1024 * 1024) } });
    two = await startTestApp({ env: { ...s3.env(), STORAGE_DIR: '/nonexistent/never-used' } });
    const dept = await makeDepartment();
    requester = await makeUser();
    token = bearer(await login(one, requester.email, requester.password));
    const res = await request(one.getHttpServer())
      .post('/api/v1/tickets')
      .set(...token)
      .send({ title: 'Invoice attached', description: 'see file', departmentId: dept.id })
      .expect(201);
    ticketId = res.body.data.id;
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await s3?.stop();
  });

  it('streams an upload larger than one part into the bucket, and another replica streams it back', async () => {
    const file = pdf(6 * 1024 * 1024 + 123);
    const up = await request(one.getHttpServer())
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...token)
      .attach('file', file, { filename: 'invoice.pdf', contentType: 'application/octet-stream' })
      .expect(201);
    expect(up.body.data).toMatchObject({
      contentType: 'application/pdf',
      sizeBytes: file.length,
      sha256: sha(file),
    });

    const keys = await s3.keys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^attachments\/[0-9a-f-]{36}$/);
    const client = s3.client();
    const stored = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys[0] }));
    expect(sha(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(sha(file));
    client.destroy();

    const down = await request(two.getHttpServer())
      .get(`/api/v1/attachments/${up.body.data.id}`)
      .set(...token)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toContain('attachment');
    expect(sha(down.body as Buffer)).toBe(sha(file));
  });

  it('refuses an upload over the limit with 413 and leaves nothing in the bucket', async () => {
    const before = await s3.keys();
    const res = await request(one.getHttpServer())
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...token)
      .attach('file', pdf(9 * 1024 * 1024), { filename: 'huge.pdf' })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await s3.keys()).toEqual(before);
  });

  it('answers 404 when the object is gone from the bucket', async () => {
    const up = await request(one.getHttpServer())
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...token)
      .attach('file', pdf(2048), { filename: 'small.pdf' })
      .expect(201);
    const client = s3.client();
    for (const Key of await s3.keys()) await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key }));
    client.destroy();
    expect(await s3.keys()).toEqual([]);
    await request(two.getHttpServer())
      .get(`/api/v1/attachments/${up.body.data.id}`)
      .set(...token)
      .expect(404);
  });
});
