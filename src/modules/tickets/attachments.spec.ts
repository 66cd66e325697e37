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
});
