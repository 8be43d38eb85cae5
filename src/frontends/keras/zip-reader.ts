/**
 * A small reader for the zip archives Keras 3 writes (`.keras`): the
 * central directory, stored and deflated members, CRC-32 checked. No zip64,
 * no encryption, no multi-disk archives: those are coded errors. Sizes are
 * checked against the limit before inflating (FF018).
 */
import { inflateRawSync } from 'node:zlib';
import { CompileError } from '../../core/diagnostics.js';
import { MAX_FILE_BYTES } from './import-limits.js';

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_MIN = 22;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly flags: number;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export class ZipArchive {
  private readonly view: DataView;
  readonly entries: ReadonlyMap<string, ZipEntry>;

  constructor(
    private readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = this.readDirectory();
  }

  private fail(message: string): never {
    throw new CompileError('FF002', `malformed zip archive: ${message}`, { file: this.file });
  }

  private u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) this.fail(`read past the end at offset ${at}`);
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) this.fail(`read past the end at offset ${at}`);
    return this.view.getUint32(at, true);
  }

  private findEocd(): number {
    const last = this.bytes.length - EOCD_MIN;
    const first = Math.max(0, last - 0xffff);
    for (let at = last; at >= first; at--) if (this.view.getUint32(at, true) === EOCD_SIG) return at;
    this.fail('no end-of-central-directory record (not a zip file, or truncated)');
  }

  private readDirectory(): Map<string, ZipEntry> {
    if (this.bytes.length < EOCD_MIN) this.fail('file too short');
    const eocd = this.findEocd();
    const disk = this.u16(eocd + 4);
    const cdDisk = this.u16(eocd + 6);
    const count = this.u16(eocd + 10);
    const cdSize = this.u32(eocd + 12);
    const cdOffset = this.u32(eocd + 16);
    if (disk !== 0 || cdDisk !== 0) this.fail('multi-disk archives are not supported');
    if (count === 0xffff || cdOffset === 0xffffffff) {
      throw new CompileError('FF006', 'zip64 archives are not supported', { file: this.file });
    }
    if (cdOffset + cdSize > eocd) this.fail('central directory lies outside the file');
    const entries = new Map<string, ZipEntry>();
    let at = cdOffset;
    for (let k = 0; k < count; k++) {
      if (this.u32(at) !== CENTRAL_SIG) this.fail(`bad central directory entry ${k}`);
      const flags = this.u16(at + 8);
      const method = this.u16(at + 10);
      const crc = this.u32(at + 16);
      const compressedSize = this.u32(at + 20);
      const size = this.u32(at + 24);
      const nameLen = this.u16(at + 28);
      const extraLen = this.u16(at + 30);
      const commentLen = this.u16(at + 32);
      const localOffset = this.u32(at + 42);
      if (at + 46 + nameLen > this.bytes.length) this.fail(`entry ${k} name runs past the end`);
      const name = new TextDecoder().decode(this.bytes.subarray(at + 46, at + 46 + nameLen));
      if (entries.has(name)) this.fail(`duplicate member '${name}'`);
      entries.set(name, { name, method, crc, compressedSize, size, localOffset, flags });
      at += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  }

  /** Contents of member `name`, or undefined when the archive has no such member. */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (e === undefined) return undefined;
    if (e.flags & 1) throw new CompileError('FF006', `member '${name}' is encrypted`, { file: this.file });
    if (e.size > MAX_FILE_BYTES || e.compressedSize > MAX_FILE_BYTES) {
      throw new CompileError('FF018', `member '${name}' is larger than ${MAX_FILE_BYTES} bytes`, { file: this.file });
    }
    if (this.u32(e.localOffset) !== LOCAL_SIG) this.fail(`member '${name}' has no local header`);
    const start = e.localOffset + 30 + this.u16(e.localOffset + 26) + this.u16(e.localOffset + 28);
    const end = start + e.compressedSize;
    if (end > this.bytes.length) this.fail(`member '${name}' runs past the end of the file`);
    const raw = this.bytes.subarray(start, end);
    let data: Uint8Array;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) this.fail(`stored member '${name}' has inconsistent sizes`);
      data = raw;
    } else if (e.method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch {
        this.fail(`member '${name}' does not inflate`);
      }
    } else {
      throw new CompileError('FF006', `member '${name}' uses compression method ${e.method} (only stored and deflate are supported)`, {
        file: this.file,
      });
    }
    if (data.length !== e.size) this.fail(`member '${name}' inflates to ${data.length} bytes, expected ${e.size}`);
    if (crc32(data) !== e.crc) this.fail(`member '${name}' fails its CRC-32 check`);
    return data;
  }
}
