import { cleanFilename } from './attachments.service';

describe('cleanFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\photo.png', 'photo.png'],
    ['evil"\r\nname.txt', 'evilname.txt'],
    ['', 'attachment'],
    ['   ', 'attachment'],
  ])('%j → %j', (input, expected) => {
    expect(cleanFilename(input)).toBe(expected);
  });
  it('caps the length at 255', () => {
    expect(cleanFilename('a'.repeat(400))).toHaveLength(255);
  });
  it('names a part sent without a filename "attachment"', () => {
    expect(cleanFilename(undefined)).toBe('attachment');
  });
  it('cuts a long name by characters, never inside a surrogate pair', () => {
    const name = cleanFilename(`${'a'.repeat(254)}\u{1F600}\u{1F600}.pdf`);
    expect(Array.from(name)).toHaveLength(255);
    expect(name.endsWith('\u{1F600}')).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
