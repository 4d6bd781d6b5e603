/** class-transformer hook: surrounding whitespace is never meaningful in names, emails or codes. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
