/**
 * A seeding thread: makes patients `from` to `to` (exclusive), encrypts and
 * indexes them with the server's codec and keys, and hands COPY text to the
 * main thread one chunk at a time (it waits for an acknowledgement, so a
 * slow COPY holds it back instead of filling memory): every patient row
 * first, then their care links, which need the rows in place.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { keyringOf } from '@hms/crypto';
import { uuidv7 } from '@hms/ddd';
import { generateMrn } from '../../src/modules/patients/domain/mrn.js';
import {
  BLIND_INDEX_COLUMNS,
  blindIndexesOf,
  ENCRYPTED_COLUMNS,
  encryptPersonalData,
} from '../../src/modules/patients/infrastructure/patient-encryption.js';
import type { FromSeedWorker, SeedSample, SeedWorkerData, ToSeedWorker } from './patient-seed-protocol.js';
import { randomSource, syntheticPatient } from './synthetic-patients.js';

const ROWS_PER_CHUNK = 500;
const ENCRYPTED = Object.values(ENCRYPTED_COLUMNS);
const INDEXED = Object.values(BLIND_INDEX_COLUMNS);

const data = workerData as SeedWorkerData;
const keyring = keyringOf(data.piiKeys.map((k) => ({ id: k.id, secret: Buffer.from(k.secret) })));
const indexKey = Buffer.from(data.indexKey.secret);
const random = randomSource(data.seed);
const port = parentPort!;

const cell = (value: string | null) => (value === null ? '\\N' : value);

function nextAck(): Promise<void> {
  return new Promise((resolve) => port.once('message', (message: ToSeedWorker) => message === 'next' && resolve()));
}

async function send(message: FromSeedWorker): Promise<void> {
  const ack = nextAck();
  port.postMessage(message);
  await ack;
}

async function run(): Promise<void> {
  const sample: SeedSample[] = [];
  const links: string[] = [];
  for (let start = data.from; start < data.to; start += ROWS_PER_CHUNK) {
    const end = Math.min(data.to, start + ROWS_PER_CHUNK);
    let patients = '';
    let linkLines = '';
    for (let n = start; n < end; n += 1) {
      const id = uuidv7();
      const person = syntheticPatient(random, n);
      const encrypted = encryptPersonalData(keyring, id, person);
      const indexes = blindIndexesOf(indexKey, person);
      patients +=
        `${id}\t${generateMrn(data.mrnPrefix, n)}\t${person.sex}\t${data.hospitalId}\t` +
        `${ENCRYPTED.map((column) => cell(encrypted[column])).join('\t')}\t${keyring.activeKeyId}\t` +
        `${INDEXED.map((column) => cell(indexes[column])).join('\t')}\t${data.indexKey.id}\n`;
      linkLines += `${id}\tdepartment\t${data.departmentId}\tbench-seed\n`;
      if (n % data.sampleEvery === 0) sample.push({ id, lastName: person.lastName, dateOfBirth: person.dateOfBirth });
    }
    links.push(linkLines);
    await send({ kind: 'chunk', table: 'patients', text: patients, rows: end - start });
  }
  await send({ kind: 'end', table: 'patients' });
  for (const text of links.splice(0)) await send({ kind: 'chunk', table: 'links', text, rows: 0 });
  port.postMessage({ kind: 'done', sample } satisfies FromSeedWorker);
}

void run();
