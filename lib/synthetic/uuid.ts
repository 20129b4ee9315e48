// UUID v7 in bulk: time-ordered ids append at the right edge of the primary
// key B-tree instead of landing on random pages, which is most of what makes
// a million-row load fast. RFC 9562 layout with a 12-bit counter in rand_a
// ("method 1"), so ids from one generator are strictly increasing.
import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_BYTES = 8 * 8192;

export function createUuidV7Generator(now: () => number = Date.now): () => string {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let pos = POOL_BYTES;
  let lastMs = -1;
  let counter = 0;
  let prefix = '';

  return () => {
    let ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else if (++counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next one.
      lastMs += 1;
      counter = 0;
    }
    ms = lastMs;
    if (counter === 0) {
      const hi = Math.floor(ms / 0x100000000);
      const lo = ms >>> 0;
      prefix = HEX[(hi >>> 8) & 0xff]! + HEX[hi & 0xff]! + HEX[lo >>> 24]! + HEX[(lo >>> 16) & 0xff]! + '-' +
        HEX[(lo >>> 8) & 0xff]! + HEX[lo & 0xff]! + '-';
    }
    if (pos + 8 > POOL_BYTES) {
      randomFillSync(pool);
      pos = 0;
    }
    const b = pool;
    const p = pos;
    pos += 8;
    return (
      prefix + HEX[0x70 | (counter >>> 8)]! + HEX[counter & 0xff]! + '-' +
      HEX[0x80 | (b[p]! & 0x3f)]! + HEX[b[p + 1]!]! + '-' +
      HEX[b[p + 2]!]! + HEX[b[p + 3]!]! + HEX[b[p + 4]!]! + HEX[b[p + 5]!]! + HEX[b[p + 6]!]! + HEX[b[p + 7]!]!
    );
  };
}
