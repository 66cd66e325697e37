import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts 10 to 72 bytes', () => {
    expect(passwordProblem('a'.repeat(10))).toBeNull();
    expect(passwordProblem('a'.repeat(72))).toBeNull();
  });

  it('refuses fewer than 10 bytes and more than 72', () => {
    expect(passwordProblem('a'.repeat(9))).toMatch(/at least 10/);
    expect(passwordProblem('a'.repeat(73))).toMatch(/at most 72/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 5 characters of 3 bytes each: 15 bytes, long enough although only 5 characters
    expect(passwordProblem('€€€€€')).toBeNull();
    // 25 characters of 3 bytes: 75 bytes, too long although only 25 characters
    expect(passwordProblem('€'.repeat(25))).toMatch(/at most 72/);
  });
});
