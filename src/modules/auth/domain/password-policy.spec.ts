import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts 10 to 72 bytes', () => {
    expect(passwordProblem('a'.repeat(10))).toBeNull();
    expect(passwordProblem('a'.repeat(72))).toBeNull();
  });
  it('refuses fewer than 10 bytes', () => {
    expect(passwordProblem('a'.repeat(9))).toMatch(/at least 10/);
  });
  it('counts bytes, not characters: 25 three-byte characters are 75 bytes', () => {
    expect(passwordProblem('€'.repeat(24))).toBeNull();
    expect(passwordProblem('€'.repeat(25))).toMatch(/at most 72/);
  });
});
