/**
 * A text's length as PostgreSQL's `char_length` and the length checks of the schema count it: in code points, so an
 * emoji (two UTF-16 units in JavaScript's `length`) is one character.
 */
export const charLength = (text: string): number => {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
};
