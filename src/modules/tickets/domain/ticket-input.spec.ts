import { checkedText } from './ticket-input';

describe('checkedText', () => {
  it('returns the trimmed title and the description as given', () => {
    expect(checkedText({ title: '  Printer jams  ', description: ' paper stuck ' })).toEqual({
      ok: true,
      title: 'Printer jams',
      description: ' paper stuck ',
    });
  });

  it('accepts a title of 3 and of 200 characters and a description of 20000', () => {
    expect(checkedText({ title: 'abc', description: 'x' })).toMatchObject({ ok: true });
    expect(checkedText({ title: 't'.repeat(200), description: 'd'.repeat(20000) })).toMatchObject({
      ok: true,
    });
  });

  it('names a missing title and description, title first', () => {
    expect(checkedText({})).toEqual({
      ok: false,
      problems: [
        { field: 'title', message: 'title is required' },
        { field: 'description', message: 'description is required' },
      ],
    });
    expect(checkedText({ title: '   ', description: 'ok' })).toEqual({
      ok: false,
      problems: [{ field: 'title', message: 'title is required' }],
    });
  });

  it('refuses a title outside 3 to 200 characters (after trimming) and a description over 20000', () => {
    expect(checkedText({ title: ' ab ', description: 'ok' })).toEqual({
      ok: false,
      problems: [{ field: 'title', message: 'title must be 3 to 200 characters' }],
    });
    expect(checkedText({ title: 't'.repeat(201), description: 'ok' })).toMatchObject({
      ok: false,
      problems: [{ field: 'title' }],
    });
    expect(checkedText({ title: 'Printer', description: 'd'.repeat(20001) })).toEqual({
      ok: false,
      problems: [{ field: 'description', message: 'description must be at most 20000 characters' }],
    });
  });
});
