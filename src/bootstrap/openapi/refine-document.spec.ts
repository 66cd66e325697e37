import { codesOf, refineDocument } from './refine-document';
import { exampleOf } from './schema-examples';
import { JsonObject } from './walk';

const meta = { type: 'object', properties: { requestId: { type: 'string' } } };

function documentWith(paths: JsonObject, schemas: JsonObject = {}): JsonObject {
  return { openapi: '3.0.0', info: {}, paths, components: { schemas: { Meta: meta, ...schemas } } };
}

const op = (doc: JsonObject, path: string, method: string) =>
  ((doc.paths as JsonObject)[path] as JsonObject)[method] as JsonObject;

describe('refineDocument', () => {
  it('turns nullable into null types and one-member allOf into its member', () => {
    const doc = refineDocument(
      documentWith(
        {},
        {
          Thing: {
            type: 'object',
            properties: {
              a: { type: 'string', nullable: true },
              b: { type: 'string', enum: ['X', 'Y'], nullable: true },
              c: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Other' }] },
              d: { allOf: [{ $ref: '#/components/schemas/Other' }], description: 'kept' },
              e: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Other' }] } },
            },
          },
          Other: { type: 'object' },
        },
      ),
    );
    const props = ((doc.components as JsonObject).schemas as JsonObject).Thing as JsonObject;
    expect(doc.openapi).toBe('3.1.0');
    expect(props.properties).toEqual({
      a: { type: ['string', 'null'] },
      b: { type: ['string', 'null'], enum: ['X', 'Y', null] },
      c: { anyOf: [{ $ref: '#/components/schemas/Other' }, { type: 'null' }] },
      d: { $ref: '#/components/schemas/Other', description: 'kept' },
      e: { type: 'array', items: { $ref: '#/components/schemas/Other' } },
    });
  });

  it('gives public operations no lock and merges repeated requirements', () => {
    const doc = refineDocument(
      documentWith({
        '/open': { get: { 'x-public': true, responses: { 200: { description: '' } } } },
        '/metrics': {
          get: { 'x-public': true, security: [{ metrics: [] }], responses: { 200: { description: '' } } },
        },
        '/closed': { get: { security: [{ bearer: [] }, { bearer: [] }], responses: {} } },
        '/stream': { get: { 'x-public': true, security: [{ bearer: [] }], responses: {} } },
      }),
    );
    expect(op(doc, '/open', 'get').security).toEqual([]);
    expect(op(doc, '/open', 'get')['x-public']).toBeUndefined();
    expect(op(doc, '/metrics', 'get').security).toEqual([{ metrics: [] }]);
    expect(op(doc, '/closed', 'get').security).toEqual([{ bearer: [] }]);
    // a public route that checks a token itself keeps what it declares
    expect(op(doc, '/stream', 'get').security).toEqual([{ bearer: [] }]);
  });

  it('adds the errors every route shares, in the envelope, with an example per code', () => {
    const doc = refineDocument(
      documentWith({
        '/things/{id}': {
          post: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: {
              200: { description: '' },
              409: { description: 'INVALID_TRANSITION: not from here; CONFLICT: a stale version' },
            },
          },
        },
        '/open': { get: { 'x-public': true, responses: { 200: { description: '' } } } },
        '/uploads': {
          post: {
            requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } },
            responses: { 201: { description: '' } },
          },
        },
      }),
    );
    const responses = op(doc, '/things/{id}', 'post').responses as Record<string, JsonObject>;
    // a JSON body brings the body parser's 413 and 415
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '404', '409', '413', '415', '429']);
    expect((responses['415'].content as JsonObject)['application/json']).toMatchObject({
      examples: { UNSUPPORTED_MEDIA_TYPE: expect.any(Object) },
    });
    // an upload declares its own size and type rules
    expect(Object.keys(op(doc, '/uploads', 'post').responses as JsonObject)).toEqual([
      '201',
      '400',
      '401',
      '429',
    ]);
    expect(responses['200'].description).toBe('OK');
    const conflict = (responses['409'].content as JsonObject)['application/json'] as JsonObject;
    expect(conflict.schema).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    expect(Object.keys(conflict.examples as JsonObject)).toEqual(['CONFLICT', 'INVALID_TRANSITION']);
    expect((conflict.examples as Record<string, JsonObject>).CONFLICT.summary).toBe(
      'CONFLICT: a stale version',
    );
    expect(responses['429'].headers).toHaveProperty('Retry-After');
    // public, no parameters: only the rate limit is shared
    expect(Object.keys(op(doc, '/open', 'get').responses as JsonObject)).toEqual(['200', '429']);
  });

  it('reads the codes a description names, or falls back to the status’s own code', () => {
    expect(codesOf(409, 'INVALID_TRANSITION, or CONFLICT (e.g. the assignee is not eligible)')).toEqual([
      'CONFLICT',
      'INVALID_TRANSITION',
    ]);
    expect(codesOf(404, 'no such thing')).toEqual(['NOT_FOUND']);
    expect(codesOf(403, 'FORBIDDEN: requires role ADMIN; NOT_FOUND is not a 403')).toEqual(['FORBIDDEN']);
  });

  it('does not require parameters that have a default', () => {
    const doc = refineDocument(
      documentWith({
        '/list': {
          get: {
            parameters: [
              { name: 'page', in: 'query', required: true, schema: { type: 'integer', default: 1 } },
              { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
            ],
            responses: {},
          },
        },
      }),
    );
    expect(op(doc, '/list', 'get').parameters).toEqual([
      expect.objectContaining({ name: 'page', required: false }),
      expect.objectContaining({ name: 'q', required: true }),
    ]);
  });

  it('fills in request body examples that fit their schema', () => {
    const schemas = {
      Body: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          title: { type: 'string', minLength: 10, maxLength: 12 },
          count: { type: 'integer', minimum: 5 },
          kind: { $ref: '#/components/schemas/Kind' },
          note: { type: 'string', example: 'shown: it has an example' },
          skipped: { type: 'string' },
        },
        required: ['id', 'title', 'count', 'kind'],
      },
      Kind: { type: 'string', enum: ['A', 'B'] },
    };
    const doc = refineDocument(
      documentWith(
        {
          '/things': {
            post: {
              requestBody: {
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } },
              },
              responses: {},
            },
          },
        },
        schemas,
      ),
    );
    const body = (op(doc, '/things', 'post').requestBody as JsonObject).content as JsonObject;
    expect((body['application/json'] as JsonObject).example).toEqual({
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      title: 'string strin', // within 10 to 12 characters
      count: 5,
      kind: 'A',
      note: 'shown: it has an example',
    });
    // an edit (no required field) shows its first field
    expect(
      exampleOf({}, { type: 'object', properties: { name: { type: 'string' }, b: { type: 'boolean' } } }),
    ).toEqual({ name: 'string' });
  });
});
