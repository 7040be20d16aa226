/**
 * Seeded pseudo-random numbers for the phantom, so that a seed always gives the same volume on every platform.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "small fast counting" generator from the PractRand suite,
 * https://pracrand.sourceforge.net/): 128 bits of state, a counter that guarantees a period of at least 2^32, and it
 * passes PractRand and TestU01 BigCrush. It is pure 32-bit integer arithmetic, which JavaScript does exactly. A
 * 256³ phantom draws about 3·10^7 numbers, so the small 2^32 period of mulberry32 would be uncomfortably close.
 * The state is seeded with splitmix32 so that nearby seeds give unrelated streams.
 */
export interface Random {
  /** Uniform on [0, 1), with 32 random bits. */
  uniform(): number;
  /** Standard normal deviate. */
  normal(): number;
}

function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** `stream` selects an independent sequence for the same seed (the sodium and the 1H noise of one phantom). */
export function createRandom(seed: number, stream = 0): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`The seed must be an integer, not ${seed}`);
  const mix = splitmix32((seed % 0x100000000) ^ Math.imul(stream, 0x632be5ab));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32's authors discard the first outputs so that the state is well mixed before use.
  for (let i = 0; i < 12; i++) next();

  // Box-Muller (Box & Muller, Ann. Math. Statist. 1958;29:610) gives normals in pairs; the second is kept for
  // the next call, which halves the logarithms and square roots.
  let spare = Number.NaN;
  const uniform = (): number => next() / 0x100000000;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    // 1 - u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform, normal };
}
