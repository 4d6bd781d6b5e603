import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TcpProxy } from './tcp-proxy.js';

function echoServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.pipe(socket));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('TcpProxy', () => {
  let echo: net.Server;
  beforeAll(async () => {
    echo = await echoServer();
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('forwards, refuses while stopped, and forwards again on the same port after a restart', async () => {
    const proxy = new TcpProxy('127.0.0.1', (echo.address() as net.AddressInfo).port);
    const port = await proxy.start();
    expect(await roundTrip(port, 'ping')).toBe('ping');
    await proxy.stop();
    await expect(roundTrip(port, 'ping')).rejects.toThrow(/ECONNREFUSED/);
    await proxy.start();
    expect(proxy.port).toBe(port);
    expect(await roundTrip(port, 'again')).toBe('again');
    await proxy.stop();
  });
});
