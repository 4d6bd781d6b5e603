/** The Luhn (mod 10) check digit to append to a string of digits: medical record and visit account numbers end with one. */
export function luhnCheckDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new Error('luhnCheckDigit takes digits only');
  let sum = 0;
  // From the right, every second digit (starting with the rightmost, since the check digit is still to come) is doubled.
  for (let i = digits.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
