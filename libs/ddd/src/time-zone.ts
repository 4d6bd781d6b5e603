// Intl also accepts offsets such as +01:00; those are not zone names, and hospitals follow daylight saving.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * An IANA time zone in its usual spelling (`europe/lisbon` -> `Europe/Lisbon`), or undefined when it is none.
 * An alias stays as given (`America/Argentina/Buenos_Aires` is not swapped for ICU's older `America/Buenos_Aires`).
 */
export function canonicalTimeZone(value: string): string | undefined {
  if (!ZONE_NAME.test(value)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
  } catch {
    return undefined;
  }
}
