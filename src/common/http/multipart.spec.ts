import { Logger } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-errors';
import { nextPart } from './multipart';

/** A multipart iterator over parts already parsed */
const partsOf = (...parts: unknown[]): AsyncIterator<unknown> => {
  const values = parts[Symbol.iterator]();
  return { next: () => Promise.resolve(values.next()) };
};

describe('nextPart', () => {
  it('refuses a JSON-typed field nesting deeper than a JSON body may, naming it', async () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    const read = nextPart(partsOf({ type: 'field', fieldname: 'title', value: deep }));
    await expect(read).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(read).rejects.toMatchObject({
      details: [{ field: 'title', message: 'must not nest more than 32 levels' }],
    });
  });

  it('makes the strings of a field within the limit well-formed', async () => {
    const next = await nextPart(partsOf({ type: 'field', fieldname: 'k', value: { a: ['x\ud800'] } }));
    expect(next.value).toMatchObject({ value: { a: ['x\ufffd'] } });
  });

  it('answers a part it cannot read with 400 naming it, and logs why', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const part = {
        type: 'field',
        fieldname: 'note',
        get value(): unknown {
          throw new TypeError('cannot read this value');
        },
      };
      const read = nextPart(partsOf(part));
      await expect(read).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(read).rejects.toMatchObject({
        details: [{ field: 'note', message: 'could not be read' }],
      });
      expect(warn).toHaveBeenCalledWith(
        { err: expect.objectContaining({ type: 'TypeError', message: 'cannot read this value' }) },
        expect.any(String),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
