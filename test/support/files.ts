/** Upload fixtures the attachment checks tell apart by their bytes. */

/** A valid 1×1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);

/** The start of an ELF executable, padded: content an upload must refuse whatever its name says. */
export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 1)]);

/**
 * The 512-byte header of a Compound File Binary container (the old .doc/.xls/.ppt formats): its signature, version 3
 * with 512-byte sectors, no sectors yet (every sector index free or end of chain).
 */
export const CFB = (() => {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18); // minor version
  header.writeUInt16LE(0x0003, 0x1a); // major version 3
  header.writeUInt16LE(0xfffe, 0x1c); // little-endian byte order mark
  header.writeUInt16LE(9, 0x1e); // sector size 2^9
  header.writeUInt16LE(6, 0x20); // mini sector size 2^6
  header.writeUInt32LE(0xfffffffe, 0x30); // first directory sector: end of chain
  header.writeUInt32LE(0x1000, 0x38); // mini stream cutoff
  header.writeUInt32LE(0xfffffffe, 0x3c); // first mini FAT sector: none
  header.writeUInt32LE(0xfffffffe, 0x44); // first DIFAT sector: none
  header.fill(0xff, 0x4c, 512); // the header's DIFAT entries: all free
  return Buffer.concat([header, Buffer.alloc(1024, 0)]);
})();
