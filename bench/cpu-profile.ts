import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface Share {
  readonly name: string;
  /** Of the busy (not idle) time. */
  readonly share: number;
}

export interface ProfileSummary {
  /** Which process: server, worker. */
  readonly process: string;
  readonly file: string;
  readonly profiledSeconds: number;
  readonly busySeconds: number;
  /** Self time by package, with node's and V8's own frames charged to the package that called into them. */
  readonly packages: readonly Share[];
  /** The same, by component of a request (framework, logging, database client, ...). */
  readonly components: readonly Share[];
  readonly functions: readonly Share[];
}

/** Where a frame lives: a package under node_modules, the app (src, libs), or undefined for node and V8 themselves. */
function packageOf(url: string): string | undefined {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (/\/(src|libs)\//.test(url)) return '(app)';
  return undefined;
}

/** The component a package belongs to, in the words of a request's path. */
const COMPONENTS: readonly [string, RegExp][] = [
  [
    'HTTP framework (express, router, Nest)',
    /^(express|router|path-to-regexp|@nestjs\/(core|common|platform-express)|body-parser|finalhandler|send|on-finished|qs|raw-body|statuses|content-type|type-is|accepts|negotiator|parseurl|cookie|vary|etag|fresh|depd|encodeurl|escape-html|merge-descriptors|mime-types|iconv-lite|http-errors|setprototypeof|safe-buffer)$/,
  ],
  ['CQRS buses (@nestjs/cqrs)', /^@nestjs\/cqrs$|^rxjs$/],
  [
    'request logging (pino)',
    /^(pino|pino-http|nestjs-pino|sonic-boom|pino-std-serializers|fast-redact|quick-format-unescaped|atomic-sleep|thread-stream|on-exit-leak-free|safe-stable-stringify)$/,
  ],
  [
    'PostgreSQL client (pg, TypeORM)',
    /^(pg|pg-protocol|pg-pool|pg-types|postgres-.*|pgpass|typeorm|@nestjs\/typeorm|buffer-writer|packet-reader)$/,
  ],
  [
    'Redis and queues (ioredis, Bull, rate limiter)',
    /^(ioredis|@ioredis\/.*|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|bull|@nestjs\/bull.*|rate-limiter-flexible|msgpackr|cron-parser|lodash)$/,
  ],
  ['validation (class-validator, class-transformer)', /^(class-validator|class-transformer|validator|libphonenumber-js)$/],
  [
    'authorization and tokens (CASL, passport, JWT)',
    /^(@casl\/.*|passport.*|@nestjs\/(passport|jwt)|jsonwebtoken|jws|jwa|@ucast\/.*)$/,
  ],
  ['metrics (prom-client)', /^(prom-client|tdigest|bintrees)$/],
  ['HMS code (src, libs)', /^\(app\)$/],
];

function componentOf(pkg: string): string {
  if (pkg.startsWith('(')) return pkg === '(app)' ? 'HMS code (src, libs)' : pkg;
  return COMPONENTS.find(([, pattern]) => pattern.test(pkg))?.[0] ?? `other packages`;
}

const sorted = (map: Map<string, number>, busy: number, top: number): Share[] =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, share: us / busy }));

/**
 * Where a V8 CPU profile's busy time went. A frame of node or V8 itself (a
 * socket write, a cipher, a JSON.stringify) is charged to the first caller
 * above it that lives in a package or in the app: a write to PostgreSQL's
 * socket counts as the PostgreSQL client's, not as "node".
 */
export function summariseProfile(profile: CpuProfile, process: string, file: string, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const ownerCache = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const cached = ownerCache.get(id);
    if (cached) return cached;
    let owner: string | undefined;
    for (let cur: number | undefined = id; cur !== undefined && !owner; cur = parent.get(cur)) {
      owner = packageOf(byId.get(cur)!.callFrame.url);
    }
    const { functionName } = byId.get(id)!.callFrame;
    owner ??= functionName === '(garbage collector)' || functionName === '(program)' ? functionName : '(node, no caller of ours)';
    ownerCache.set(id, owner);
    return owner;
  };

  let idleUs = 0;
  const packages = new Map<string, number>();
  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const owner = ownerOf(id);
    packages.set(owner, (packages.get(owner) ?? 0) + us);
    const component = componentOf(owner);
    components.set(component, (components.get(component) ?? 0) + us);
    const where = url ? ` ${url.replace(/^.*?(node_modules\/|dist\/)/, '$1')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const totalUs = profile.endTime - profile.startTime;
  const busyUs = Math.max(1, totalUs - idleUs);
  return {
    process,
    file,
    profiledSeconds: totalUs / 1e6,
    busySeconds: busyUs / 1e6,
    packages: sorted(packages, busyUs, top),
    components: sorted(components, busyUs, 20),
    functions: sorted(functions, busyUs, top),
  };
}

/** The baselines, known by their scripts (their pids are the scenario's business). */
const BASELINE_SCRIPTS: readonly [string, string][] = [
  ['floor-get-patient', 'floor'],
  ['raw-get-patient', 'raw baseline'],
  ['raw-timeline', 'timeline baseline'],
];

/**
 * The profiles node wrote into `dir` (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile):
 * the processes named by pid, and the baselines, known by their script.
 */
export async function summariseProfiles(dir: string, processes: ReadonlyMap<number, string>): Promise<ProfileSummary[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  const summaries: ProfileSummary[] = [];
  for (const file of files.sort()) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const name =
      processes.get(Number(file.split('.')[3])) ??
      BASELINE_SCRIPTS.find(([script]) => profile.nodes.some((n) => n.callFrame.url.includes(script)))?.[1];
    if (name) summaries.push(summariseProfile(profile, name, join(dir, file)));
  }
  return summaries;
}
