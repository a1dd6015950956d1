// The base-2 exponential bucket index of a positive value at a scale, as the OTel specification
// defines it and as @opentelemetry/sdk-metrics computes it (same formulas, so the engine's buckets
// match the reference implementation value for value): at scale s the bucket boundaries are the
// powers of 2^(2^-s); scales above 0 use the logarithm, scales at or below 0 the exponent bits.

export const MAX_SCALE = 20;
export const MIN_SCALE = -10;

const EXPONENT_MASK = 0x7ff00000;
const SIGNIFICAND_MASK = 0x000fffff;
const EXPONENT_BIAS = 1023;
const MIN_NORMAL_EXPONENT = -1022;
const MAX_NORMAL_EXPONENT = EXPONENT_BIAS;
/** The smallest normal double, 2^-1022. */
const MIN_VALUE = 2 ** -1022;

const view = new DataView(new ArrayBuffer(8));

/** The unbiased exponent of a normal double. */
function exponentOf(value: number): number {
  view.setFloat64(0, value);
  return ((view.getUint32(0) & EXPONENT_MASK) >> 20) - EXPONENT_BIAS;
}

function isPowerOfTwo(value: number): boolean {
  view.setFloat64(0, value);
  return (view.getUint32(0) & SIGNIFICAND_MASK) === 0 && view.getUint32(4) === 0;
}

const scaleFactors = new Map<number, number>();

function scaleFactor(scale: number): number {
  let factor = scaleFactors.get(scale);
  if (factor === undefined) {
    factor = Math.LOG2E * 2 ** scale;
    scaleFactors.set(scale, factor);
  }
  return factor;
}

/** The bucket index of `value` (> 0) at `scale` (MIN_SCALE..MAX_SCALE). */
export function bucketIndexOf(value: number, scale: number): number {
  if (scale <= 0) {
    const shift = -scale;
    if (value < MIN_VALUE) {
      let index = MIN_NORMAL_EXPONENT >> shift;
      if (shift < 2) index--;
      return index;
    }
    return (exponentOf(value) + (isPowerOfTwo(value) ? -1 : 0)) >> shift;
  }
  if (value <= MIN_VALUE) return (MIN_NORMAL_EXPONENT << scale) - 1;
  if (isPowerOfTwo(value)) return (exponentOf(value) << scale) - 1;
  const index = Math.floor(Math.log(value) * scaleFactor(scale));
  const maxIndex = ((MAX_NORMAL_EXPONENT + 1) << scale) - 1;
  return index >= maxIndex ? maxIndex : index;
}
