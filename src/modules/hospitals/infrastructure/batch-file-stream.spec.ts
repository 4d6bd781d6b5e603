import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream/promises';
import { HOSPITAL_CSV_FORMAT } from '../domain/hospital-csv-format.js';
import { BatchFileStream } from './batch-file-stream.js';

const fileReader = (file: Buffer) => {
  const reads: [number, number][] = [];
  const read = (offset: number, length: number) => {
    reads.push([offset, length]);
    return Promise.resolve(file.subarray(offset, offset + length));
  };
  return { read, reads };
};

describe('BatchFileStream', () => {
  it('streams a file slice by slice, asking only for what the consumer takes', async () => {
    const file = Buffer.from('0123456789abcdef');
    const { read, reads } = fileReader(file);
    const chunks: Buffer[] = [];
    for await (const chunk of new BatchFileStream(read, 5)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('0123456789abcdef');
    expect(reads).toEqual([
      [0, 5],
      [5, 5],
      [10, 5],
      [15, 5],
      [16, 5],
    ]);
  });

  it('gives the CSV parser the same records however the file is sliced, multi-byte characters and CRLF included', async () => {
    const text = '\uFEFFname,address\r\n"Klinik Süd, Haus 2","Straße 5\r\nEingang B"\r\nCentro de Saúde,Rua 1\r\n';
    const file = Buffer.from(text);
    for (const slice of [1, 2, 3, 7, 1024]) {
      const records: string[][] = [];
      const parser = parse(HOSPITAL_CSV_FORMAT);
      await pipeline(new BatchFileStream(fileReader(file).read, slice), parser, async (source: AsyncIterable<string[]>) => {
        for await (const record of source) records.push(record);
      });
      expect(records).toEqual([
        ['name', 'address'],
        ['Klinik Süd, Haus 2', 'Straße 5\r\nEingang B'],
        ['Centro de Saúde', 'Rua 1'],
      ]);
    }
  });

  it('fails the stream when a read fails', async () => {
    const stream = new BatchFileStream(() => Promise.reject(new Error('connection lost')), 4);
    await expect(
      (async () => {
        for await (const _ of stream) {
          // nothing
        }
      })(),
    ).rejects.toThrow('connection lost');
  });
});
