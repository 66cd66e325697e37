import { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsString } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-errors';
import { AppValidationPipe, findNulCharacter } from './validation';

class NameDto {
  @IsString() name: string;
}

class EmailDto {
  @IsEmail() email: string;
}

class FaultyTransformDto {
  @Transform(({ value }: { value: unknown }) => (value as { missing: { deeper: string } }).missing.deeper)
  @IsString()
  name: string;
}

describe('AppValidationPipe', () => {
  const pipe = new AppValidationPipe();

  it('finds NUL characters in parsed data, with their path', () => {
    expect(findNulCharacter({ a: [{ b: 'x\u0000' }] }, '')).toBe('a.0.b');
    expect(findNulCharacter({ 'k\u0000': 1 }, '')).toBe('k\u0000');
    expect(findNulCharacter({ a: 'fine' }, '')).toBeNull();
  });

  it('never walks a raw body: a Buffer or a stream passes untouched, at once', async () => {
    const buffer = Buffer.alloc(20 * 1024 * 1024); // all NUL bytes, and once walked key by key for minutes
    const started = Date.now();
    expect(findNulCharacter(buffer, '')).toBeNull();
    expect(await pipe.transform(buffer, { type: 'body', metatype: Object })).toBe(buffer);
    const stream = Readable.from([buffer]);
    expect(await pipe.transform(stream, { type: 'body', metatype: Object })).toBe(stream);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a raw body where a DTO is expected', () => {
    expect(() => pipe.transform(Buffer.from('x'), { type: 'body', metatype: NameDto })).toThrow(
      ValidationFailedError,
    );
  });

  it('refuses with 400 a value a validator throws on (validator.js on a lone surrogate), not a 500', async () => {
    const metadata = { type: 'body' as const, metatype: EmailDto, data: '' };
    const refused = pipe.transform({ email: 'a\ud800@example.com' }, metadata) as Promise<unknown>;
    await expect(refused).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(refused).rejects.toMatchObject({
      details: [{ field: 'body', message: 'could not be checked' }],
    });
    await expect(pipe.transform({ email: 'ok@example.com' }, metadata)).resolves.toEqual({
      email: 'ok@example.com',
    });
  });

  it('logs a DTO fault it answers with 400 as a warning naming the argument, the error by name and message', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const metadata = { type: 'body' as const, metatype: FaultyTransformDto, data: '' };
      await expect(pipe.transform({ name: 'x' }, metadata)).rejects.toMatchObject({
        details: [{ field: 'body', message: 'could not be checked' }],
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const [fields, message] = warn.mock.calls[0] as [Record<string, any>, string];
      expect(message).toMatch(/could not be checked/);
      expect(fields).toMatchObject({
        argument: 'body',
        field: 'body',
        dto: 'FaultyTransformDto',
        err: { type: 'TypeError', message: expect.stringMatching(/deeper/) },
      });
      // a value the validators refuse as they should is no fault: nothing logged
      warn.mockClear();
      await expect(
        pipe.transform({ name: 7 }, { type: 'body', metatype: NameDto, data: '' }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
