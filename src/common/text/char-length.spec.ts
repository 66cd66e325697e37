import { charLength } from './char-length';

describe('charLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['👍!', 2], // the emoji is two UTF-16 units
    ['Re: 🙏🙏', 6],
    ['é', 1], // one precomposed code point
    ['e\u0301', 2], // e and a combining accent: two code points, as PostgreSQL counts them
  ])('counts %j as %d characters', (text, expected) => {
    expect(charLength(text)).toBe(expected);
  });
});
