import { existingAmong } from './pipelined-exists';

describe('existingAmong', () => {
  it('keeps the ids whose EXISTS answered 1, in the order they were asked', () => {
    expect([
      ...existingAmong(
        ['a', 'b', 'c'],
        [
          [null, 1],
          [null, 0],
          [null, 1],
        ],
      ),
    ]).toEqual(['a', 'c']);
    expect(existingAmong(['a'], null).size).toBe(0);
  });

  it('throws the error of a failed command', () => {
    const failure = new Error('LOADING Redis is loading the dataset in memory');
    expect(() =>
      existingAmong(
        ['a', 'b'],
        [
          [null, 1],
          [failure, null],
        ],
      ),
    ).toThrow(failure);
  });
});
