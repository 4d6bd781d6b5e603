import { describe, expect, it } from '@jest/globals';
import { csvCell, csvLine } from './csv-cell.js';

describe('csvCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a leading %j with a single quote', (value) => {
    expect(csvCell(value)).toBe(`"'${value}"`);
  });

  it('neutralises formula characters after a comma, semicolon or tab (semicolon and tab locales)', () => {
    expect(csvCell('Mozilla;=1+2;@SUM(A1)')).toBe(`"Mozilla;'=1+2;'@SUM(A1)"`);
    expect(csvCell('a,+1')).toBe(`"a,'+1"`);
    expect(csvCell('a\t-1')).toBe(`"a\t'-1"`);
    expect(csvCell('a;b=c')).toBe('"a;b=c"');
  });

  it('quotes every cell and doubles quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('writes numbers as they are and null as an empty quoted cell', () => {
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(-3)).toBe('"-3"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
  });

  it('ends each record with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('"a","1",""\r\n');
  });
});
