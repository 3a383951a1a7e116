// Element-wise kernels in WebAssembly SIMD, four floats at a time: the leaky ReLU and its gradient
// (a lane mask picks the slope, so no branch is mispredicted on the signs of activations), and
// Adam's whole update of a variable in one pass (about twelve ops and their dispatch otherwise),
// tanh, and sums over leading axes (bias gradients).
// Every lane operation is an IEEE float32 operation, correctly rounded, as are the JavaScript
// kernels in fusedKernels.ts and TensorFlow.js's ops: the values are theirs, bit for bit.
// Runs in the trainer process; no VS Code API.
import { FunctionBuilder, instantiateOnMemory, op, type Code, type Local } from './wasmAssembler';

export interface ElementwiseKernels {
  /** y = x where x >= 0 (or is -0), else alpha x; `count` floats at byte offsets x and y. */
  leakyRelu(x: number, y: number, count: number, alpha: number): void;
  /** dx = dy where x > 0, else alpha dy. */
  leakyReluGrad(dy: number, x: number, dx: number, count: number, alpha: number): void;
  /** out[c] = sum over r of x[r, c], in order of r: x is [rows, cols], cols a multiple of 4. */
  columnSums(x: number, out: number, rows: number, cols: number): void;
  /** y = tanh x, within a few float32 steps. */
  tanh(x: number, y: number, count: number): void;
  /** Adam's update: x, m, v, g in; x', m', v' out; then the float32 constants. `step` is
   * -learningRate, keep = 1 - beta, c = 1 - beta^t. */
  adam(
    ...args: [
      ...pointers: [
        x: number,
        m: number,
        v: number,
        g: number,
        xOut: number,
        mOut: number,
        vOut: number,
        count: number,
      ],
      ...constants: [
        beta1: number,
        beta2: number,
        keep1: number,
        keep2: number,
        c1: number,
        c2: number,
        epsilon: number,
        step: number,
      ],
    ]
  ): void;
}

/** The operations a kernel's formula uses, on four lanes or on one float. */
interface Lanes {
  load(address: Code): Code;
  store(address: Code, value: Code): Code;
  add(a: Code, b: Code): Code;
  mul(a: Code, b: Code): Code;
  div(a: Code, b: Code): Code;
  sqrt(a: Code): Code;
  abs(a: Code): Code;
  min(a: Code, b: Code): Code;
  max(a: Code, b: Code): Code;
  /** `ifTrue` where a < b, else `ifFalse`. */
  whereLess(a: Code, b: Code, ifTrue: Code, ifFalse: Code): Code;
  /** A constant or parameter of the formula, as a value of this width. */
  constant(c: Local): Code;
  literal(x: number): Code;
}

/**
 * The loop over `count` floats: four at a time while four remain, then one at a time; `body`
 * writes the formula once for both widths, given each pointer's current address.
 */
function mapLoop(
  f: FunctionBuilder,
  count: Local,
  constants: Local[],
  body: (lanes: Lanes, at: (pointer: Local) => Code, vector: boolean) => Code[],
): void {
  const offset = f.local('i32');
  const end = f.local('i32');
  const vectorEnd = f.local('i32');
  const splats = new Map(constants.map((c) => [c, f.local('v128')]));
  for (const [c, splat] of splats) f.emit(op.set(splat, op.f32x4Splat(op.get(c))));
  f.emit(op.set(end, op.shl(op.get(count), op.i32(2))));
  f.emit(op.set(vectorEnd, op.and(op.get(end), op.i32(-16)))); // whole vectors
  const at = (p: Local) => op.add(op.get(p), op.get(offset));
  const vector: Lanes = {
    load: (a) => op.v128Load(a),
    store: (a, v) => op.v128Store(a, v),
    add: op.f32x4Add,
    mul: op.f32x4Mul,
    div: op.f32x4Div,
    sqrt: op.f32x4Sqrt,
    abs: op.f32x4Abs,
    min: op.f32x4Min,
    max: op.f32x4Max,
    whereLess: (a, b, ifTrue, ifFalse) => op.bitselect(ifTrue, ifFalse, op.f32x4Lt(a, b)),
    constant: (c) => op.get(splats.get(c)!),
    literal: op.f32x4Const,
  };
  const scalar: Lanes = {
    load: (a) => op.f32Load(a),
    store: (a, v) => op.f32Store(a, v),
    add: op.f32Add,
    mul: op.f32Mul,
    div: op.f32Div,
    sqrt: op.f32Sqrt,
    abs: op.f32Abs,
    min: op.f32Min,
    max: op.f32Max,
    whereLess: (a, b, ifTrue, ifFalse) => op.select(ifTrue, ifFalse, op.f32Lt(a, b)),
    constant: (c) => op.get(c),
    literal: op.f32Const,
  };
  f.emit(op.set(offset, op.i32(0)));
  const advance = (by: number) => op.set(offset, op.add(op.get(offset), op.i32(by)));
  f.emit(op.whileLoop(op.gtU(op.get(vectorEnd), op.get(offset)), [...body(vector, at, true), advance(16)]));
  f.emit(op.whileLoop(op.gtU(op.get(end), op.get(offset)), [...body(scalar, at, false), advance(4)]));
}

function leakyReluFunction(): FunctionBuilder {
  const f = new FunctionBuilder('leakyRelu', ['i32', 'i32', 'i32', 'f32']);
  const [x, y, count, alpha] = f.params;
  const one = f.local('f32');
  const value = f.local('v128');
  const scalarValue = f.local('f32');
  f.emit(op.set(one, op.f32Const(1)));
  mapLoop(f, count, [alpha, one], (lanes, at, vector) => {
    if (vector) {
      const negative = op.f32x4Lt(op.get(value), op.f32x4Splat(op.f32Const(0)));
      const slope = op.bitselect(lanes.constant(alpha), lanes.constant(one), negative);
      return [op.set(value, lanes.load(at(x))), lanes.store(at(y), lanes.mul(op.get(value), slope))];
    }
    const slope = op.select(op.get(alpha), op.get(one), op.f32Lt(op.get(scalarValue), op.f32Const(0)));
    return [op.set(scalarValue, lanes.load(at(x))), lanes.store(at(y), lanes.mul(op.get(scalarValue), slope))];
  });
  return f;
}

function leakyReluGradFunction(): FunctionBuilder {
  const f = new FunctionBuilder('leakyReluGrad', ['i32', 'i32', 'i32', 'i32', 'f32']);
  const [dy, x, dx, count, alpha] = f.params;
  const one = f.local('f32');
  f.emit(op.set(one, op.f32Const(1)));
  mapLoop(f, count, [alpha, one], (lanes, at, vector) => {
    const slope = vector
      ? op.bitselect(
          lanes.constant(one),
          lanes.constant(alpha),
          op.f32x4Gt(lanes.load(at(x)), op.f32x4Splat(op.f32Const(0))),
        )
      : op.select(op.get(one), op.get(alpha), op.f32Gt(lanes.load(at(x)), op.f32Const(0)));
    return [lanes.store(at(dx), lanes.mul(lanes.load(at(dy)), slope))];
  });
  return f;
}

function adamFunction(): FunctionBuilder {
  const f = new FunctionBuilder('adam', [...new Array(8).fill('i32'), ...new Array(8).fill('f32')]);
  const [x, m, v, g, xOut, mOut, vOut, count, beta1, beta2, keep1, keep2, c1, c2, epsilon, step] = f.params;
  const vm = f.local('v128');
  const vv = f.local('v128');
  const vg = f.local('v128');
  const sm = f.local('f32');
  const sv = f.local('f32');
  const sg = f.local('f32');
  mapLoop(f, count, [beta1, beta2, keep1, keep2, c1, c2, epsilon, step], (l, at, vector) => {
    const [m1, v1, grad] = vector ? [vm, vv, vg] : [sm, sv, sg];
    const k = l.constant;
    // The stock optimiser's sequence: m' = m b1 + g (1 - b1); v' = v b2 + g^2 (1 - b2);
    // x' = (m'/c1) / (sqrt(v'/c2) + eps) * (-lr) + x.
    const update = l.mul(l.div(l.div(op.get(m1), k(c1)), l.add(l.sqrt(l.div(op.get(v1), k(c2))), k(epsilon))), k(step));
    return [
      op.set(grad, l.load(at(g))),
      op.set(m1, l.add(l.mul(l.load(at(m)), k(beta1)), l.mul(op.get(grad), k(keep1)))),
      op.set(v1, l.add(l.mul(l.load(at(v)), k(beta2)), l.mul(l.mul(op.get(grad), op.get(grad)), k(keep2)))),
      l.store(at(mOut), op.get(m1)),
      l.store(at(vOut), op.get(v1)),
      l.store(at(xOut), l.add(update, l.load(at(x)))),
    ];
  });
  return f;
}

// tanh as Eigen's float kernel computes it: a [13/6] rational function of x, odd over even, on x
// clamped to where the float32 result is ±1, and x itself where |x| < 4e-4 (tanh x rounds to x).
// Within a few float32 steps of tanh everywhere (test/unit/core/tanhKernel.test.ts); -0 stays -0
// and NaN stays NaN (min and max pass it through).
const TANH_CLAMP = 7.90531110763549805;
const TANH_LINEAR_BELOW = 0.0004;
const TANH_NUMERATOR = [
  -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5,
  6.37261928875436e-4, 4.89352455891786e-3,
];
const TANH_DENOMINATOR = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3];

function tanhFunction(): FunctionBuilder {
  const f = new FunctionBuilder('tanh', 3);
  const [x, y, count] = f.params;
  const locals = { vector: [f.local('v128'), f.local('v128')], scalar: [f.local('f32'), f.local('f32')] };
  mapLoop(f, count, [], (l, at, vector) => {
    const [value, squared] = vector ? locals.vector : locals.scalar;
    const clamped = l.min(l.max(op.get(value), l.literal(-TANH_CLAMP)), l.literal(TANH_CLAMP));
    /** Horner's rule in x^2. */
    const polynomial = (coefficients: number[]) =>
      coefficients
        .slice(1)
        .reduce((acc, c) => l.add(l.mul(acc, op.get(squared)), l.literal(c)), l.literal(coefficients[0]));
    const ratio = l.div(l.mul(polynomial(TANH_NUMERATOR), clamped), polynomial(TANH_DENOMINATOR));
    return [
      op.set(value, l.load(at(x))),
      op.set(squared, l.mul(clamped, clamped)),
      l.store(at(y), l.whereLess(l.abs(op.get(value)), l.literal(TANH_LINEAR_BELOW), op.get(value), ratio)),
    ];
  });
  return f;
}

/** Columns summed per sweep over the rows: 8 vectors, all in registers. */
const SUM_VECTORS = 8;

/**
 * Sums over the leading axes (a bias gradient: [batch, h, w, c] to [c]) in sweeps down the rows,
 * SUM_VECTORS * 4 columns at a time, then one vector at a time: TensorFlow.js's kernel transposes
 * the tensor first so that it can sum along rows.
 */
function columnSumsFunction(): FunctionBuilder {
  const f = new FunctionBuilder('columnSums', 4);
  const [x, out, rows, cols] = f.params;
  const j = f.local('i32');
  const r = f.local('i32');
  const p = f.local('i32');
  const rowBytes = f.local('i32');
  const accumulators = Array.from({ length: SUM_VECTORS }, () => f.local('v128'));
  f.emit(op.set(rowBytes, op.shl(op.get(cols), op.i32(2))));
  const sweep = (vectors: number): Code[] => [
    ...accumulators.slice(0, vectors).map((acc) => op.set(acc, op.v128Zero())),
    op.set(p, op.add(op.get(x), op.shl(op.get(j), op.i32(2)))),
    op.set(r, op.get(rows)),
    op.whileLoop(op.get(r), [
      ...accumulators
        .slice(0, vectors)
        .map((acc, v) => op.set(acc, op.f32x4Add(op.get(acc), op.v128Load(op.get(p), 16 * v)))),
      op.set(p, op.add(op.get(p), op.get(rowBytes))),
      op.set(r, op.sub(op.get(r), op.i32(1))),
    ]),
    ...accumulators
      .slice(0, vectors)
      .map((acc, v) => op.v128Store(op.add(op.get(out), op.shl(op.get(j), op.i32(2))), op.get(acc), 16 * v)),
    op.set(j, op.add(op.get(j), op.i32(4 * vectors))),
  ];
  const fits = (width: number) => op.eqz(op.gtU(op.add(op.get(j), op.i32(width)), op.get(cols)));
  f.emit(op.set(j, op.i32(0)));
  f.emit(op.whileLoop(fits(4 * SUM_VECTORS), sweep(SUM_VECTORS)));
  f.emit(op.whileLoop(fits(4), sweep(1)));
  return f;
}

/** The kernels, working on `memory` (the wasm backend's heap) in place. */
export function instantiateElementwise(memory: WebAssembly.Memory): ElementwiseKernels {
  const functions = [
    leakyReluFunction(),
    leakyReluGradFunction(),
    adamFunction(),
    tanhFunction(),
    columnSumsFunction(),
  ];
  return instantiateOnMemory(functions, memory) as unknown as ElementwiseKernels;
}
