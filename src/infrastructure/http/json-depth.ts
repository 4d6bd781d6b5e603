/** Deeper JSON is refused before parsing: no request needs it, and class-transformer recurses once per level. */
export const MAX_JSON_DEPTH = 32;

/** body-parser's error `type` for a refused body; the problem filter maps it to a 400. */
export const JSON_TOO_DEEP = 'entity.too.deep';

export class JsonTooDeepError extends Error {
  readonly type = JSON_TOO_DEEP;
  constructor() {
    super(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);

/**
 * Deepest `[`/`{` nesting of a JSON text, counted outside strings in one
 * iterative pass, so a hostile body costs O(n) and no stack. Works on UTF-8
 * bytes (no multi-byte sequence holds an ASCII byte) and on decoded strings;
 * malformed text is left for JSON.parse to refuse.
 */
export function jsonDepthExceeds(text: Uint8Array | string, max: number): boolean {
  const unit = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = unit(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      if (++depth > max) return true;
    } else if (CLOSE.has(c)) depth--;
  }
  return false;
}

/** An express.json `verify` hook: runs on the raw body, before JSON.parse. */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void {
  const charset = (encoding ?? 'utf-8').toLowerCase();
  let text: Uint8Array | string = body;
  if (charset !== 'utf-8' && charset !== 'utf8') {
    try {
      text = new TextDecoder(charset).decode(body);
    } catch {
      // A charset TextDecoder lacks (UTF-32): its ASCII units are still single bytes among zeros.
    }
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw new JsonTooDeepError();
}
