// A small WebAssembly assembler: enough to write compute kernels in TypeScript as folded
// expressions (as WAT's folded form reads) and get a module's bytes at run time, with no compiler
// or build step. The module imports one memory (the TensorFlow.js wasm heap, so the kernels read
// and write its tensors in place) and exports functions of i32 and f32 parameters.
// Only the instructions the kernels use are here; WebAssembly.Module validates what they build.
// Runs in the trainer process; no VS Code API.

/** Bytes of code: an instruction, or a folded expression (operands first, then the operator). */
export type Code = number[];

export type ValueType = 'i32' | 'f32' | 'v128';
const TYPE_BYTE: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string): number[] => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s)];
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const join = (parts: Code[]): Code => parts.flat();

/** A local variable or parameter, by index. */
export interface Local {
  readonly index: number;
  readonly type: ValueType;
}

/** Memory access immediate: alignment as a power of two, and a constant byte offset. */
const memarg = (alignLog2: number, offset: number): number[] => [...uleb(alignLog2), ...uleb(offset)];
const simd = (op: number, ...immediates: number[]): Code => [0xfd, ...uleb(op), ...immediates];

/** The instructions, each taking its operands' code (folded form). */
export const op = {
  get: (l: Local): Code => [0x20, ...uleb(l.index)],
  set: (l: Local, value: Code): Code => [...value, 0x21, ...uleb(l.index)],
  i32: (n: number): Code => [0x41, ...sleb(n)],
  add: (a: Code, b: Code): Code => [...a, ...b, 0x6a],
  sub: (a: Code, b: Code): Code => [...a, ...b, 0x6b],
  mul: (a: Code, b: Code): Code => [...a, ...b, 0x6c],
  shl: (a: Code, b: Code): Code => [...a, ...b, 0x74],
  and: (a: Code, b: Code): Code => [...a, ...b, 0x71],
  eqz: (a: Code): Code => [...a, 0x45],
  /** a > b, unsigned. */
  gtU: (a: Code, b: Code): Code => [...a, ...b, 0x4b],
  f32Load: (address: Code, offset = 0): Code => [...address, 0x2a, ...memarg(2, offset)],
  f32Store: (address: Code, value: Code, offset = 0): Code => [...address, ...value, 0x38, ...memarg(2, offset)],
  f32Add: (a: Code, b: Code): Code => [...a, ...b, 0x92],
  f32Sub: (a: Code, b: Code): Code => [...a, ...b, 0x93],
  f32Mul: (a: Code, b: Code): Code => [...a, ...b, 0x94],
  f32Div: (a: Code, b: Code): Code => [...a, ...b, 0x95],
  f32Sqrt: (a: Code): Code => [...a, 0x91],
  f32Abs: (a: Code): Code => [...a, 0x8b],
  f32Min: (a: Code, b: Code): Code => [...a, ...b, 0x96],
  f32Max: (a: Code, b: Code): Code => [...a, ...b, 0x97],
  f32Lt: (a: Code, b: Code): Code => [...a, ...b, 0x5d],
  f32Gt: (a: Code, b: Code): Code => [...a, ...b, 0x5e],
  f32Const: (x: number): Code => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  /** `ifTrue` where the i32 condition is non-zero, else `ifFalse`. */
  select: (ifTrue: Code, ifFalse: Code, condition: Code): Code => [...ifTrue, ...ifFalse, ...condition, 0x1b],
  v128Load: (address: Code, offset = 0): Code => [...address, ...simd(0x00, ...memarg(4, offset))],
  /** Four copies of the float at the address. */
  v128Load32Splat: (address: Code, offset = 0): Code => [...address, ...simd(0x09, ...memarg(2, offset))],
  v128Store: (address: Code, value: Code, offset = 0): Code => [
    ...address,
    ...value,
    ...simd(0x0b, ...memarg(4, offset)),
  ],
  v128Zero: (): Code => simd(0x0c, ...new Array<number>(16).fill(0)),
  /** Four copies of a float32 constant. */
  f32x4Const: (x: number): Code => simd(0x0c, ...new Uint8Array(new Float32Array(4).fill(x).buffer)),
  f32x4Splat: (x: Code): Code => [...x, ...simd(0x13)],
  f32x4Add: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe4)],
  f32x4Mul: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe6)],
  f32x4Div: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe7)],
  f32x4Sqrt: (a: Code): Code => [...a, ...simd(0xe3)],
  f32x4Abs: (a: Code): Code => [...a, ...simd(0xe0)],
  /** Lane-wise minimum and maximum; NaN in either lane gives NaN. */
  f32x4Min: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe8)],
  f32x4Max: (a: Code, b: Code): Code => [...a, ...b, ...simd(0xe9)],
  /** Lane masks: all ones where a < b (a > b), else zeros. */
  f32x4Lt: (a: Code, b: Code): Code => [...a, ...b, ...simd(0x43)],
  f32x4Gt: (a: Code, b: Code): Code => [...a, ...b, ...simd(0x44)],
  /** Bits of `ifSet` where the mask's bits are set, else of `ifClear`. */
  bitselect: (ifSet: Code, ifClear: Code, mask: Code): Code => [...ifSet, ...ifClear, ...mask, ...simd(0x52)],
  /** A loop whose body repeats while `condition` holds, tested before each pass (a while loop). */
  whileLoop: (condition: Code, body: Code[]): Code => [
    0x02, // block
    0x40,
    0x03, // loop
    0x40,
    ...condition,
    0x45, // i32.eqz
    0x0d, // br_if to the block's end: leave the loop
    1,
    ...join(body),
    0x0c, // br to the loop's start
    0,
    0x0b,
    0x0b,
  ],
  /** `body` when `condition` holds. */
  when: (condition: Code, body: Code[]): Code => [...condition, 0x04, 0x40, ...join(body), 0x0b],
};

/** A function being written: its parameters, its locals, and its body. */
export class FunctionBuilder {
  readonly params: Local[];
  private readonly locals: Local[] = [];
  private readonly body: Code[] = [];

  constructor(
    readonly name: string,
    /** Parameter types, or a count of i32 parameters. */
    params: number | ValueType[],
  ) {
    const types = typeof params === 'number' ? new Array<ValueType>(params).fill('i32') : params;
    this.params = types.map((type, index) => ({ index, type }));
  }

  local(type: ValueType): Local {
    const l = { index: this.params.length + this.locals.length, type };
    this.locals.push(l);
    return l;
  }

  emit(...code: Code[]): void {
    this.body.push(...code);
  }

  /** The function's code entry: its locals, one declaration each, then the body. */
  encode(): number[] {
    const declarations = vector(this.locals.map((l) => [1, TYPE_BYTE[l.type]]));
    const code = [...declarations, ...join(this.body), 0x0b];
    return [...uleb(code.length), ...code];
  }
}

export interface ModuleOptions {
  /** The imported memory is shared (the threaded wasm build's heap). */
  sharedMemory: boolean;
}

/**
 * A module importing `env.memory` and exporting the functions, each returning nothing.
 * A shared memory must declare a maximum: 65536 pages (4 GiB) accepts any heap.
 */
export function assembleModule(functions: FunctionBuilder[], options: ModuleOptions): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [TYPE_BYTE[p.type]])), 0]);
  const limits = options.sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const memoryImport = [...utf8('env'), ...utf8('memory'), 0x02, ...limits];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map((f) => f.encode()))),
  ];
  return Uint8Array.from(bytes);
}

/** The functions as one module instantiated on `memory` (shared or not, as it is): its exports. */
export function instantiateOnMemory(functions: FunctionBuilder[], memory: WebAssembly.Memory): Record<string, unknown> {
  const sharedMemory = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = new WebAssembly.Module(assembleModule(functions, { sharedMemory }));
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}
