import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isObject, JsonObject } from '../../src/bootstrap/openapi/walk';

/**
 * Checks answers against what an OpenAPI 3.1 document says of them: the status is one the operation lists (or
 * its `4XX`/`5XX` range), and a JSON body is valid against the schema documented for that status (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1; formats such as uuid and date-time checked).
 */
export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  /** JSON bodies checked against a schema so far */
  validated = 0;

  constructor(private readonly doc: JsonObject) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc, 'openapi.json');
  }

  /** What is wrong with an answer of the operation at `path`/`method`, or undefined. */
  problem(
    path: string,
    method: string,
    res: { status: number; type: string; text: string },
    /** false: a status the operation does not list is let pass (it has no schema to check the body against) */
    statusListed = true,
  ): string | undefined {
    const op = (this.doc.paths as Record<string, Record<string, JsonObject>>)[path]?.[method.toLowerCase()];
    if (!op) return `${method} ${path} is not in the document`;
    const responses = isObject(op.responses) ? op.responses : {};
    const key = String(res.status) in responses ? String(res.status) : `${String(res.status)[0]}XX`;
    const documented = responses[key];
    if (!isObject(documented))
      return statusListed ? `${res.status} is not documented (${res.text.slice(0, 160)})` : undefined;
    const json = isObject(documented.content) ? documented.content['application/json'] : undefined;
    if (!isObject(json) || !isObject(json.schema) || !res.type.startsWith('application/json'))
      return undefined;
    const pointer = [
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      key,
      'content',
      'application/json',
      'schema',
    ]
      .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
    if (!validate) return `no schema at ${pointer}`;
    this.validated += 1;
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return `${res.status}: not JSON: ${res.text.slice(0, 100)}`;
    }
    if (validate(body)) return undefined;
    return `${res.status}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })} — in ${res.text.slice(0, 200)}`;
  }
}
