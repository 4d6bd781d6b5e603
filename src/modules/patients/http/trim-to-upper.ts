/** class-transformer hook: country codes are compared in capitals, whatever case the client sent. */
export const trimToUpper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
