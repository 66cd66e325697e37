import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { CFB, ELF, PNG } from './support/files';
import { makeDepartment, makeUser, TestUser } from './support/factories';
import { testApi } from './support/api';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('attachments (e2e)', () => {
  let app: NestFastifyApplication;
  let small: NestFastifyApplication;
  const storageDir = mkdtempSync(join(tmpdir(), 'helpdesk-att-'));
  const smallDir = mkdtempSync(join(tmpdir(), 'helpdesk-att-small-'));
  const http = () => request(app.getHttpServer());
  let requester: TestUser;
  let stranger: TestUser;
  let agent: TestUser;
  let otherAgent: TestUser;
  const { as, get, post, download: downloadAs } = testApi(() => app);
  let ticketId: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { STORAGE_DIR: storageDir } });
    small = await startTestApp({ env: { STORAGE_DIR: smallDir, ATTACHMENT_MAX_BYTES: '1024' } });
    const dept = await makeDepartment();
    const deptB = await makeDepartment();
    requester = await makeUser();
    stranger = await makeUser();
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    otherAgent = await makeUser({ role: 'AGENT', departmentId: deptB.id });
    const res = await post(requester, '/tickets', {
      title: 'Screenshot attached',
      description: 'see file',
      departmentId: dept.id,
    });
    expect(res.status).toBe(201);
    ticketId = res.body.data.id;
  });
  afterAll(async () => {
    await app?.close();
    await small?.close();
    rmSync(storageDir, { recursive: true, force: true });
    rmSync(smallDir, { recursive: true, force: true });
  });

  it('stores an upload with its sniffed type, size and sha256, and serves it back', async () => {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(requester)))
      .attach('file', PNG, { filename: 'screen shot.png', contentType: 'application/octet-stream' })
      .expect(201);
    expect(res.body.data).toMatchObject({
      ticketId,
      filename: 'screen shot.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha(PNG),
      uploaderId: requester.id,
    });
    expect(filesUnder(storageDir).filter((f) => !f.startsWith(join(storageDir, 'tmp')))).toHaveLength(1);

    const download = await downloadAs(agent, `/attachments/${res.body.data.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="screen shot.png"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, PNG)).toBe(0);

    const history = await get(requester, `/tickets/${ticketId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.data.map((h: any) => h.type)).toContain('ATTACHMENT_ADDED');
  });

  it('takes a file part sent without a filename, naming it "attachment"', async () => {
    const boundary = 'b0undary42';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(requester)))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      filename: 'attachment',
      contentType: 'image/png',
      sizeBytes: PNG.length,
    });
  });

  it('accepts plain text and names it from the bytes', async () => {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(agent)))
      .attach('file', Buffer.from('line one\nline two\n'), { filename: 'log.txt', contentType: 'image/png' })
      .expect(201);
    expect(res.body.data.contentType).toBe('text/plain');
  });

  it('takes an old-format Office file (an OLE container) as the type its name gives, and no other container', async () => {
    const upload = async (filename: string, contentType: string) =>
      http()
        .post(`/api/v1/tickets/${ticketId}/attachments`)
        .set(...(await as(requester)))
        .attach('file', CFB, { filename, contentType });
    for (const [filename, contentType] of [
      ['minutes.doc', 'application/msword'],
      ['Budget.XLS', 'application/vnd.ms-excel'],
      ['roadmap.ppt', 'application/vnd.ms-powerpoint'],
    ]) {
      const res = await upload(filename, contentType);
      const type = res.body.data?.contentType;
      expect({ filename, status: res.status, type }).toEqual({ filename, status: 201, type: contentType });
      expect(res.body.data.sizeBytes).toBe(CFB.length);
    }
    // a container named as anything else is what it is: not an accepted type
    const before = filesUnder(storageDir).length;
    for (const [filename, contentType] of [
      ['logo.png', 'image/png'],
      ['setup.msi', 'application/x-msi'],
    ]) {
      const res = await upload(filename, contentType);
      expect({ filename, status: res.status, code: res.body.error?.code }).toEqual({
        filename,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
    expect(filesUnder(storageDir).length).toBe(before);
  });

  it('refuses a type outside the allowed list with 415, whatever the name says, and keeps nothing', async () => {
    const before = filesUnder(storageDir).length;
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(requester)))
      .attach('file', ELF, { filename: 'innocent.png', contentType: 'image/png' })
      .expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(filesUnder(storageDir).length).toBe(before);
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 and leaves no partial file', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(5000, 7)]);
    const res = await request(small.getHttpServer())
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(requester)))
      .attach('file', big, { filename: 'big.png' })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(filesUnder(smallDir)).toEqual([]);
    const list = await get(requester, `/tickets/${ticketId}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: any) => a.filename)).not.toContain('big.png');
  });

  it('answers 415 for a non-multipart body and 400 without a file', async () => {
    expect((await post(requester, `/tickets/${ticketId}/attachments`, { file: 'nope' })).status).toBe(415);
    await http()
      .post(`/api/v1/tickets/${ticketId}/attachments`)
      .set(...(await as(requester)))
      .field('messageId', 'x')
      .expect(400);
  });

  describe('malformed multipart', () => {
    const part = (boundary: string, body: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n` +
            'Content-Type: image/png\r\n\r\n',
        ),
        body,
      ]);
    const cases: Array<[string, string, Buffer]> = [
      ['without a boundary', 'multipart/form-data', part('xyz', PNG)],
      ['with an empty boundary', 'multipart/form-data; boundary=', part('', PNG)],
      ['without its closing boundary', 'multipart/form-data; boundary=xyz', part('xyz', PNG)],
      [
        // several chunks: the cut is found while the file is being stored
        'cut off in a larger file',
        'multipart/form-data; boundary=xyz',
        part('xyz', Buffer.concat([PNG, Buffer.alloc(300_000, 7)])),
      ],
      [
        'with a part cut off in its headers',
        'multipart/form-data; boundary=xyz',
        Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filena'),
      ],
      ['with no part at all', 'multipart/form-data; boundary=xyz', Buffer.from('garbage, not a part')],
    ];

    it.each(cases)(
      'answers 400 in the envelope to a body %s, and keeps nothing',
      async (_label, type, body) => {
        const before = filesUnder(storageDir).length;
        const res = await http()
          .post(`/api/v1/tickets/${ticketId}/attachments`)
          .set(...(await as(requester)))
          .set('Content-Type', type)
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
        expect(res.body.meta.requestId).toBe(res.headers['x-request-id']);
        expect(filesUnder(storageDir)).toHaveLength(before);
      },
    );
  });

  it('is blind to strangers: upload, list and download are 404', async () => {
    const list = await get(requester, `/tickets/${ticketId}/attachments`);
    expect(list.status).toBe(200);
    const id = list.body.data[0].id;
    for (const who of [stranger, otherAgent]) {
      await http()
        .post(`/api/v1/tickets/${ticketId}/attachments`)
        .set(...(await as(who)))
        .attach('file', PNG, { filename: 'x.png' })
        .expect(404);
      expect((await get(who, `/tickets/${ticketId}/attachments`)).status).toBe(404);
      expect((await get(who, `/attachments/${id}`)).status).toBe(404);
    }
    expect((await get(requester, '/attachments/not-a-uuid')).status).toBe(404);
  });

  it('hides files on internal notes from the requester', async () => {
    const note = await post(agent, `/tickets/${ticketId}/messages`, {
      body: 'internal evidence',
      internal: true,
    });
    expect(note.status).toBe(201);
    const up = await http()
      .post(`/api/v1/tickets/${ticketId}/attachments?messageId=${note.body.data.id}`)
      .set(...(await as(agent)))
      .attach('file', PNG, { filename: 'evidence.png' })
      .expect(201);
    expect(up.body.data.messageId).toBe(note.body.data.id);
    const mine = await get(requester, `/tickets/${ticketId}/attachments`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((a: any) => a.id)).not.toContain(up.body.data.id);
    expect((await get(requester, `/attachments/${up.body.data.id}`)).status).toBe(404);
    expect((await get(agent, `/attachments/${up.body.data.id}`)).status).toBe(200);
    const history = await get(requester, `/tickets/${ticketId}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('evidence.png');
    // and the requester cannot attach to that note
    await http()
      .post(`/api/v1/tickets/${ticketId}/attachments?messageId=${note.body.data.id}`)
      .set(...(await as(requester)))
      .attach('file', PNG, { filename: 'mine.png' })
      .expect(400);
  });
});
