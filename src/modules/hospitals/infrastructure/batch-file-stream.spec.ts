import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream/promises';
import { HOSPITAL_CSV_FORMAT } from '../domain/hospital-csv-format.js';
import { BatchFileStream } from './batch-file-stream.js';

/** The file stored in parts of `partBytes`, and the parts read so far. */
const storedInParts = (file: Buffer, partBytes: number) => {
  const reads: number[] = [];
  const read = (index: number) => {
    reads.push(index);
    const start = index * partBytes;
    return Promise.resolve(start < file.length ? file.subarray(start, start + partBytes) : undefined);
  };
  return { read, reads };
};

describe('BatchFileStream', () => {
  it('streams a file part by part, asking only for what the consumer takes', async () => {
    const file = Buffer.from('0123456789abcdef');
    const { read, reads } = storedInParts(file, 5);
    const chunks: Buffer[] = [];
    for await (const chunk of new BatchFileStream(read)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('0123456789abcdef');
    expect(reads).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the CSV parser the same records however the file is cut into parts, multi-byte characters and CRLF included', async () => {
    const text = '\uFEFFname,address\r\n"Klinik Süd, Haus 2","Straße 5\r\nEingang B"\r\nCentro de Saúde,Rua 1\r\n';
    const file = Buffer.from(text);
    for (const partBytes of [1, 2, 3, 7, 1024]) {
      const records: string[][] = [];
      const parser = parse(HOSPITAL_CSV_FORMAT);
      await pipeline(
        new BatchFileStream(storedInParts(file, partBytes).read),
        parser,
        async (source: AsyncIterable<string[]>) => {
          for await (const record of source) records.push(record);
        },
      );
      expect(records).toEqual([
        ['name', 'address'],
        ['Klinik Süd, Haus 2', 'Straße 5\r\nEingang B'],
        ['Centro de Saúde', 'Rua 1'],
      ]);
    }
  });

  it('fails the stream when a read fails', async () => {
    const stream = new BatchFileStream(() => Promise.reject(new Error('connection lost')));
    await expect(
      (async () => {
        for await (const _ of stream) {
          // nothing
        }
      })(),
    ).rejects.toThrow('connection lost');
  });
});
