import net from 'node:net';
import { waitFor } from '@hms/testing';
import type { TestChild, TestChildren } from './child-process.js';
import { freePort } from './free-port.js';

/** Whether a Redis server answers PING on the port. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\r\n')) socket.destroy();
    });
    socket.once('close', () => resolve(reply.startsWith('+PONG')));
    socket.once('error', () => resolve(false));
  });
}

/**
 * A redis-server of a test's own, on its own port and without persistence:
 * a test may kill it and start it again on the same port, and what was in it is gone.
 */
export class TestRedisServer {
  private server?: TestChild;

  private constructor(
    private readonly children: TestChildren,
    readonly port: number,
  ) {}

  static async start(children: TestChildren): Promise<TestRedisServer> {
    const redis = new TestRedisServer(children, await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** Starts redis-server on the port (again) and waits until it answers. */
  async restart(): Promise<void> {
    if (this.server?.running) throw new Error('redis-server is still running');
    const server = this.children.spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { PATH: process.env.PATH },
    );
    this.server = server;
    await waitFor(
      async () => {
        if (!server.running) throw new Error(`redis-server exited: ${server.stdout()}`);
        return pong(this.port);
      },
      `redis-server on port ${this.port} to answer`,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  /** Kills the server outright (SIGKILL: no save, no goodbye to clients) and waits until the port is closed. */
  async kill(): Promise<void> {
    await this.server?.kill('SIGKILL');
    await waitFor(async () => !(await pong(this.port)), `redis-server on port ${this.port} to be gone`, { timeoutMs: 5_000 });
  }
}
