// Logarithm and exponential the same in every JavaScript engine.
//
// `Math.log` and `Math.exp` are only required to be approximations, and engines differ in the
// last bit: Node 20's V8 and Chromium's disagree on about 5 % of `Math.log` arguments and 2 % of
// `Math.exp`'s. An exponential draw per arrival is `-mean·log(1 − u)`, so a last-bit difference
// can reorder two events and split a Node run from the same run in the browser. These are
// ports of fdlibm's `e_log.c` and `e_exp.c` (Sun Microsystems, 1993; https://www.netlib.org/fdlibm/),
// the algorithm V8's Node build also uses, so they give Node's results bit for bit (checked
// over 500,000 arguments in sim/engine/math.test.ts) and the same results everywhere, since
// they need only IEEE-754 arithmetic, which every engine does exactly (docs/design.md#determinism).
// sim/engine/math.test.ts also fails when a file in sim/ calls an engine's own log or exp.

// The high and low 32-bit words of a double, through one shared buffer.
const word = new Float64Array(1);
const words = new Uint32Array(word.buffer);
// Which of the two words holds the sign and exponent (1 on every little-endian machine).
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
const LOW = 1 - HIGH;

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const TWO54 = 1.8014398509481984e16;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

// 2^e for e in [-1074, 1023], at index e + 1074: multiplying by one is exact in the normal range,
// and avoids writing a word of `word` and reading the whole double back, which stalls the CPU
// (a load wider than the store before it) and made log twice as slow.
const POWERS = new Float64Array(2098);
for (let e = -1074; e <= 1023; e++) POWERS[e + 1074] = 2 ** e;

/** The natural logarithm of x (fdlibm's `__ieee754_log`). */
export function log(x: number): number {
  word[0] = x;
  let hx = words[HIGH] | 0;
  let k = 0;
  let y = x;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | words[LOW]) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    // A subnormal: scale it up into the normal range.
    k -= 54;
    y = x * TWO54;
    word[0] = y;
    hx = words[HIGH] | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  const e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const up = (hx + 0x95f64) & 0x100000;
  const shift = e + (up >> 20);
  k += shift;
  // Normalise x into [√2/2, √2).
  const f = y * POWERS[1074 - shift] - 1;
  let i = 0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/**
 * log(1 + x), accurate for small x: log(u) corrected by the rounding of u = 1 + x (Goldberg's
 * method). Not fdlibm's `log1p`, so not always Node's `Math.log1p` to the bit, but the same in
 * every engine.
 */
export function log1p(x: number): number {
  const u = 1 + x;
  return u === 1 ? x : log(u) - (u - 1 - x) / u;
}

const O_THRESHOLD = 709.782712893384;
const U_THRESHOLD = -745.1332191019411;
const INV_LN2 = Math.LOG2E;
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
const TWO_M1000 = 9.332636185032189e-302;

/** e^x (fdlibm's `__ieee754_exp`; V8 also answers exp(1) with Math.E exactly). */
export function exp(x: number): number {
  if (x === 1) return Math.E;
  word[0] = x;
  const sign = words[HIGH] >>> 31;
  const hx = words[HIGH] & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) return ((hx & 0xfffff) | words[LOW]) !== 0 ? x + x : sign === 0 ? x : 0;
    if (x > O_THRESHOLD) return Number.POSITIVE_INFINITY;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce to x − k·ln2.
    if (hx < 0x3ff0a2b2) {
      hi = sign === 0 ? x - LN2_HI : x + LN2_HI;
      lo = sign === 0 ? LN2_LO : -LN2_LO;
      k = sign === 0 ? 1 : -1;
    } else {
      k = Math.trunc(INV_LN2 * x + (sign === 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * POWERS[1074 + 1023] : y * POWERS[1074 + k];
  return y * POWERS[1074 + k + 1000] * TWO_M1000;
}
