/**
 * The game client's codepage. rAthena passes what a player types and their name through as bytes
 * in the client's own encoding (CP1252 in the West, CP949 in Korea, …); the NPC script stores them
 * in binary columns, and the bridge decodes them here. Replies go the other way: what the NPC says
 * is encoded into the client's codepage before the script reads it, so the client shows it right.
 * iconv-lite does the work (pure JavaScript, maintained, already the mariadb connector's own).
 */
import iconv from 'iconv-lite';

/**
 * Codepages the Ragnarok Online community runs its clients in, with the names operators write.
 * Any other name iconv-lite knows is accepted too (`RATHENA_CLIENT_CODEPAGE`).
 */
export const CLIENT_CODEPAGES: Readonly<Record<string, string>> = {
  'utf-8': 'utf8', // servers and clients patched for UTF-8
  cp1252: 'cp1252', // Western Europe and the Americas (iRO, euRO, bRO, most private servers)
  cp1250: 'cp1250', // Central Europe (Polish, Czech, Hungarian)
  cp1251: 'cp1251', // Cyrillic (Russian servers)
  cp1253: 'cp1253', // Greek
  cp1254: 'cp1254', // Turkish
  cp1256: 'cp1256', // Arabic
  cp1257: 'cp1257', // Baltic
  cp1258: 'cp1258', // Vietnamese
  cp874: 'cp874', // Thai (thRO; TIS-620 with Windows' additions)
  'tis-620': 'tis620',
  cp949: 'cp949', // Korean (kRO; EUC-KR with Microsoft's Unified Hangul)
  'euc-kr': 'euc-kr',
  cp932: 'cp932', // Japanese (jRO; Shift_JIS)
  shift_jis: 'shift_jis',
  gbk: 'gbk', // Simplified Chinese (cRO; CP936)
  cp936: 'cp936',
  gb18030: 'gb18030',
  big5: 'big5', // Traditional Chinese (twRO, hkRO; CP950)
  cp950: 'cp950',
  latin1: 'latin1',
};

/** Resolves a configured codepage name to iconv-lite's, or undefined when neither list knows it. */
export function resolveCodepage(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^windows-/, 'cp');
  const known = CLIENT_CODEPAGES[key];
  if (known) return known;
  return iconv.encodingExists(key) ? key : undefined;
}

/** Decodes and encodes the bytes of one client codepage. */
export interface Codepage {
  readonly name: string;
  /**
   * The text of `bytes`, up to the last complete character: a trailing partial sequence (a
   * multi-byte character the script's byte limit cut in two) is dropped, never decoded as U+FFFD.
   * Undecodable bytes inside become U+FFFD.
   */
  decode(bytes: Buffer | string | null | undefined): string;
  /** `text` in the client's codepage; characters it cannot show become `?`. At most `maxBytes`, cut on a character boundary. */
  encode(text: string, maxBytes: number): Buffer;
}

export function codepage(name: string): Codepage {
  const enc = resolveCodepage(name);
  if (!enc) throw new Error(`unknown codepage ${name}`);
  return {
    name: enc,
    decode(bytes) {
      if (bytes == null) return '';
      if (typeof bytes === 'string') return bytes;
      // write() without end(): an incomplete final sequence stays in the decoder and is dropped.
      return iconv.getDecoder(enc).write(bytes);
    },
    encode(text, maxBytes) {
      let out = iconv.encode(text, enc);
      if (out.length <= maxBytes) return out;
      // Cut on a character boundary: encode character by character until the limit.
      const parts: Buffer[] = [];
      let size = 0;
      for (const ch of text) {
        const b = iconv.encode(ch, enc);
        if (size + b.length > maxBytes) break;
        parts.push(b);
        size += b.length;
      }
      out = Buffer.concat(parts, size);
      return out;
    },
  };
}
