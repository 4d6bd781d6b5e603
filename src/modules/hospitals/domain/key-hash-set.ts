/** Slots of a new set; it doubles whenever it is half full. */
const INITIAL_SLOTS = 1 << 10;

/**
 * A set of 64-bit hashes of strings, held in one typed array: 16 to 32 bytes
 * a key (8 a slot, at least half the slots empty), where a Map of the
 * strings themselves costs about 165 bytes a key (a million import rows:
 * 16 MB against 165 MB). Two different keys may share a hash, so `add`
 * answering "seen" only means "maybe seen": a caller that needs certainty
 * checks the keys it flagged again, exactly (see validateHospitalCsv).
 *
 * The hash is seeded at random per set, so a file cannot be made, ahead of
 * time, of keys that all collide.
 */
export class KeyHashSet {
  private slots = new Uint32Array(INITIAL_SLOTS * 2);
  private used = 0;
  private readonly seeds: readonly [number, number];

  constructor(seeds?: readonly [number, number]) {
    this.seeds = seeds ?? randomSeeds();
  }

  get size(): number {
    return this.used;
  }

  /** Adds the key's hash; answers false when the hash was already there. */
  add(key: string): boolean {
    const [hi, lo] = hash64(key, this.seeds);
    if (!this.insert(hi, lo)) return false;
    this.used += 1;
    if (this.used * 2 > this.capacity) this.grow();
    return true;
  }

  /** Whether the key's hash is in the set. */
  has(key: string): boolean {
    const [hi, lo] = hash64(key, this.seeds);
    const mask = this.capacity - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const sHi = this.slots[slot * 2];
      const sLo = this.slots[slot * 2 + 1];
      if (sHi === 0 && sLo === 0) return false;
      if (sHi === hi && sLo === lo) return true;
    }
  }

  /** Another set hashing keys the same way (same seeds), to be filled with some of this one's keys. */
  sibling(): KeyHashSet {
    return new KeyHashSet(this.seeds);
  }

  private get capacity(): number {
    return this.slots.length / 2;
  }

  /** Linear probing; false when the hash is already stored. */
  private insert(hi: number, lo: number): boolean {
    const mask = this.capacity - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const sHi = this.slots[slot * 2];
      const sLo = this.slots[slot * 2 + 1];
      if (sHi === 0 && sLo === 0) {
        this.slots[slot * 2] = hi;
        this.slots[slot * 2 + 1] = lo;
        return true;
      }
      if (sHi === hi && sLo === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i], old[i + 1]);
  }
}

function randomSeeds(): [number, number] {
  const seeds = crypto.getRandomValues(new Uint32Array(2));
  return [seeds[0], seeds[1]];
}

/**
 * Two 32-bit MurmurHash3-style hashes of the string's UTF-16 code units,
 * with different seeds; never both 0, which marks an empty slot.
 */
export function hash64(key: string, [seed1, seed2]: readonly [number, number]): [number, number] {
  let h1 = seed1 | 0;
  let h2 = seed2 | 0;
  for (let i = 0; i < key.length; i += 1) {
    let k = Math.imul(key.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= k;
    h2 = (h2 << 15) | (h2 >>> 17);
    h2 = (Math.imul(h2, 9) + 0x38495ab5) | 0;
  }
  const hi = finalMix(h1 ^ key.length);
  const lo = finalMix(h2 ^ key.length);
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}

function finalMix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
