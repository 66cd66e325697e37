import { MagicBytesDetector } from './magic-bytes-detector';

describe('MagicBytesDetector', () => {
  const detector = new MagicBytesDetector();
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  /** the head of a Compound File Binary (OLE) container */
  const cfb = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.from([0x3e, 0, 3, 0, 0xfe, 0xff, 9, 0]),
    Buffer.alloc(496, 0),
  ]);

  it('knows a PNG by its signature whatever the name', async () => {
    expect(await detector.detect(PNG, 'report.pdf')).toBe('image/png');
  });
  it('knows a PDF', async () => {
    expect(await detector.detect(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'x.bin')).toBe('application/pdf');
  });
  it('takes UTF-8 text as text, csv by extension', async () => {
    expect(await detector.detect(Buffer.from('name;price\nwidget;3€\n'), 'prices.csv')).toBe('text/csv');
    expect(await detector.detect(Buffer.from('hello\n'), 'notes')).toBe('text/plain');
  });
  it('tolerates a multi-byte character cut at the end of the head', async () => {
    const text = Buffer.from('€€€');
    expect(await detector.detect(text.subarray(0, 7), 'a.txt')).toBe('text/plain');
  });
  it('refuses binary without a signature', async () => {
    expect(await detector.detect(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]), 'a.txt')).toBeNull();
    expect(await detector.detect(Buffer.alloc(0), 'empty.txt')).toBeNull();
  });
  it('names an executable for what it is', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64, 1)]);
    expect(await detector.detect(elf, 'cat.png')).toBe('application/x-elf');
  });
  it('takes an OLE container for the old Office type its name gives, and only then', async () => {
    expect(await detector.detect(cfb, 'Budget 2019.XLS')).toBe('application/vnd.ms-excel');
    expect(await detector.detect(cfb, 'letter.doc')).toBe('application/msword');
    expect(await detector.detect(cfb, 'deck.ppt')).toBe('application/vnd.ms-powerpoint');
    for (const name of ['logo.png', 'setup.msi', 'doc', 'letter.doc.exe', ''])
      expect(await detector.detect(cfb, name)).toBe('application/x-cfb');
    // a name never makes other bytes an Office document
    expect(await detector.detect(PNG, 'letter.doc')).toBe('image/png');
  });
  it('matches no inherited property of an object for an extension', async () => {
    for (const name of ['x.constructor', 'a.__proto__', 'b.toString', 'c.hasOwnProperty', 'd.valueOf']) {
      expect(await detector.detect(Buffer.from('hello\n'), name)).toBe('text/plain');
      expect(await detector.detect(cfb, name)).toBe('application/x-cfb');
    }
  });
});
