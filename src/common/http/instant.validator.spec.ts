import { ValidationFailedError } from '../errors/domain-errors';
import { isInstant, IsInstant } from './instant.validator';
import { AppValidationPipe } from './validation';

class WindowDto {
  @IsInstant() from: string;
}

describe('IsInstant', () => {
  it('takes ISO 8601 dates and times that JavaScript reads', () => {
    for (const value of [
      '2026-12-01T09:00:00Z',
      '2026-12-01T09:00:00.123+02:00',
      '2026-12-01T09:00',
      '2026-12-01',
      '2024-02-29T10:00:00.5-15:59',
    ])
      expect([value, isInstant(value)]).toEqual([value, true]);
  });

  it('refuses ISO 8601 forms new Date() or PostgreSQL cannot read, impossible dates and non-strings', () => {
    for (const value of [
      '2026-W01-1',
      '2026-100',
      '20260101',
      '20261201T100000Z',
      '2026-02-30',
      '2024-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00+16:00',
      '2026-01-01T10Z',
      'tomorrow',
      1,
      null,
    ])
      expect([value, isInstant(value)]).toEqual([value, false]);
  });

  it('names the field in the 400', async () => {
    const pipe = new AppValidationPipe();
    let refused: unknown = null;
    try {
      await pipe.transform({ from: '2026-W01-1' }, { type: 'body', metatype: WindowDto });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationFailedError);
    expect((refused as ValidationFailedError).details).toEqual([
      { field: 'from', message: expect.stringContaining('ISO 8601') },
    ]);
  });
});
