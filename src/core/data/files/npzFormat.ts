// NumPy's .npz archives (numpy.savez and savez_compressed): a zip of .npy files. Only the central
// directory at the end and one member's headers are read; a member's values are then read in
// place (stored) or streamed through inflate (compressed). Runs in Node.
import * as fs from 'fs';
import * as zlib from 'zlib';
import { NPY_HEADER_BYTES, parseNpyHeader, type NpyHeader } from './npyFormat';

export interface NpzMember {
  /** The array's name: the member's file name without ".npy" (`x` for savez(f, x=a), arr_0 ...). */
  name: string;
  method: 'stored' | 'deflated';
  compressedSize: number;
  size: number;
  /** Offset of the member's data (after its local header) in the archive. */
  dataStart: number;
}

export interface NpzArray {
  member: NpzMember;
  header: NpyHeader;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

const isNpz = (start: Buffer) => start.length >= 4 && start.readUInt32LE(0) === LOCAL;

/** Whether the file starts as a zip archive does (an .npz, whatever its name). */
export function looksLikeNpz(fd: number): boolean {
  const start = Buffer.alloc(4);
  return fs.readSync(fd, start, 0, 4, 0) === 4 && isNpz(start);
}

/**
 * The arrays of an .npz archive, from its central directory.
 * @throws with a sentence that says what is wrong, for the file named by the caller.
 */
export function readNpzMembers(fd: number): NpzMember[] {
  const size = fs.fstatSync(fd).size;
  // The end record is 22 bytes plus a comment of up to 64 KB.
  const tailLength = Math.min(size, 22 + MAX16);
  const tail = Buffer.alloc(tailLength);
  fs.readSync(fd, tail, 0, tailLength, size - tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) throw new Error('it is not a complete .npz archive (no zip directory at its end: truncated?)');
  let entries = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (entries === MAX16 || directoryOffset === MAX32) {
    // Zip64 (numpy writes it for big arrays): the real numbers are in the zip64 end record.
    const locator = at - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== EOCD64_LOCATOR)
      throw new Error('its zip64 directory cannot be found (the archive is damaged)');
    const record = Buffer.alloc(56);
    fs.readSync(fd, record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)));
    entries = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > size) throw new Error('its zip directory lies past its end (truncated)');
  const dir = Buffer.alloc(directorySize);
  fs.readSync(fd, dir, 0, directorySize, directoryOffset);
  const members: NpzMember[] = [];
  let p = 0;
  for (let e = 0; e < entries; e++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new Error('its zip directory is damaged');
    const methodCode = dir.readUInt16LE(p + 10);
    let compressedSize = dir.readUInt32LE(p + 20);
    let uncompressedSize = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    let localOffset = dir.readUInt32LE(p + 42);
    const fileName = dir.toString('utf8', p + 46, p + 46 + nameLength);
    // Zip64 sizes and offset, in that order, for the fields that overflowed.
    let x = p + 46 + nameLength;
    const extraEnd = x + extraLength;
    while (x + 4 <= extraEnd) {
      const id = dir.readUInt16LE(x);
      const length = dir.readUInt16LE(x + 2);
      if (id === 1) {
        let f = x + 4;
        const next = () => Number(dir.readBigUInt64LE((f += 8) - 8));
        if (uncompressedSize === MAX32) uncompressedSize = next();
        if (compressedSize === MAX32) compressedSize = next();
        if (localOffset === MAX32) localOffset = next();
      }
      x += 4 + length;
    }
    p = extraEnd + commentLength;
    if (!fileName.endsWith('.npy')) continue;
    if (methodCode !== 0 && methodCode !== 8)
      throw new Error(
        `its array ${fileName} is compressed with zip method ${methodCode} (only stored and deflate are read)`,
      );
    const local = Buffer.alloc(30);
    fs.readSync(fd, local, 0, 30, localOffset);
    if (local.readUInt32LE(0) !== LOCAL) throw new Error(`its array ${fileName} is damaged (no local header)`);
    const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    members.push({
      name: fileName.slice(0, -'.npy'.length),
      method: methodCode === 0 ? 'stored' : 'deflated',
      compressedSize,
      size: uncompressedSize,
      dataStart,
    });
  }
  if (!members.length) throw new Error('the archive holds no .npy arrays');
  return members;
}

/** The member to read: the one named `array`, or the only one. */
export function chooseNpzMember(members: NpzMember[], array: string | undefined): NpzMember {
  const names = members.map((m) => m.name).join(', ');
  if (array !== undefined) {
    const member = members.find((m) => m.name === array);
    if (!member) throw new NpzChoiceError(`it holds no array named ${JSON.stringify(array)} (it holds ${names})`);
    return member;
  }
  if (members.length > 1)
    throw new NpzChoiceError(`it holds ${members.length} arrays (${names}): set "array" to the one to train on`);
  return members[0];
}

/** The archive's arrays are there but the choice among them is wrong: a problem of `array`. */
export class NpzChoiceError extends Error {}

/** The NPY header of `member`, from its first bytes (inflated, when compressed). */
export function readNpzArrayHeader(fd: number, member: NpzMember): NpyHeader {
  const length = Math.min(member.compressedSize, NPY_HEADER_BYTES);
  const raw = Buffer.alloc(length);
  fs.readSync(fd, raw, 0, length, member.dataStart);
  const start =
    member.method === 'stored'
      ? raw
      : zlib.inflateRawSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, NPY_HEADER_BYTES);
  return parseNpyHeader(start);
}
