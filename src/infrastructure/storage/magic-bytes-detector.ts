import { fileTypeFromBuffer } from 'file-type';
import { ContentTypeDetector } from '../../common/storage/file-storage';
import { Implements } from '../../common/di/implements';

const TEXT_TYPES = new Map<string, string>([
  ['csv', 'text/csv'],
  ['txt', 'text/plain'],
  ['log', 'text/plain'],
  ['md', 'text/plain'],
]);

/**
 * The old Office formats, all stored in a Compound File Binary container (file-type names it only application/x-cfb):
 * a container named as one of them is taken as that type, any other keeps the container's own type.
 *
 * This is a decision, not a proof: the bytes prove an OLE container, and the name picks the Office type among those
 * such a container may be. Which application wrote it is recorded in the container's directory, which the head read
 * here (the first 4100 bytes) cannot reliably reach. So an OLE file of another kind (an .msi, a .msg) renamed .doc is
 * stored as application/msword; it is still never anything but an OLE container, and the name never makes other bytes
 * an Office document.
 */
const OLE_OFFICE_TYPES = new Map<string, string>([
  ['doc', 'application/msword'],
  ['dot', 'application/msword'],
  ['xls', 'application/vnd.ms-excel'],
  ['xlt', 'application/vnd.ms-excel'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['pps', 'application/vnd.ms-powerpoint'],
  ['pot', 'application/vnd.ms-powerpoint'],
]);
const CFB = 'application/x-cfb';

/**
 * Magic numbers through the file-type package; files without any (plain text) count as text only when their first
 * bytes are valid UTF-8 without control characters. An OLE container counts as an old Office document only when
 * its name says which one (see OLE_OFFICE_TYPES). Extensions are looked up in Maps: a name such as `x.constructor`
 * or `a.__proto__` matches no type.
 */
@Implements(ContentTypeDetector)
export class MagicBytesDetector extends ContentTypeDetector {
  readonly headBytes = 4100;

  async detect(head: Buffer, filename: string): Promise<string | null> {
    if (head.length === 0) return null;
    const found = await fileTypeFromBuffer(head);
    const ext = filename.toLowerCase().split('.').pop() ?? '';
    if (found?.mime === CFB) return (filename.includes('.') && OLE_OFFICE_TYPES.get(ext)) || CFB;
    if (found) return found.mime;
    if (!looksLikeText(head)) return null;
    return TEXT_TYPES.get(ext) ?? 'text/plain';
  }
}

function looksLikeText(head: Buffer): boolean {
  // a multi-byte character may be cut at the end of the head: ignore up to 3 trailing bytes
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, head.length - cut));
    // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary data
    if (!text.includes('\uFFFD')) return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
  }
  return false;
}
