/** Code points, as PostgreSQL and the request validation count a text's length. */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

/**
 * A C0 control character or DEL: none belongs in a name or an identifier.
 * With `lineBreaks`, tab, line feed and carriage return are allowed (a text
 * that may span lines).
 */
export function hasControlCharacter(value: string, { lineBreaks }: { readonly lineBreaks: boolean }): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (lineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
