import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { CONTEXTS } from './contexts.js';
import { statusForCodeOf } from './error-status.js';
import { HealthService } from './infrastructure/health/health.service.js';
import { configureHttpApp } from './infrastructure/http/configure-http-app.js';
import { mountOpenApi } from './infrastructure/http/openapi.js';
import { MetricsService } from './infrastructure/metrics/metrics.service.js';

/** The HTTP application (api and all roles), fully configured but not yet listening. */
export async function createHttpApp(config: AppConfig, options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const contexts = options.contexts ?? CONTEXTS;
  configureHttpApp(app, config, statusForCodeOf(contexts));
  mountOpenApi(app, contexts);
  return app;
}

/** The worker role: queue consumers and the outbox relay, no public HTTP. */
export async function createWorkerContext(config: AppConfig, options: AppModuleOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, options), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  return app;
}

/**
 * A worker still needs probes and a scrape endpoint; this small server gives
 * /health/live, /health/ready and /metrics on the worker's PORT.
 */
export function startWorkerProbeServer(app: INestApplicationContext, config: AppConfig): Promise<Server> {
  const health = app.get(HealthService);
  const metrics = app.get(MetricsService);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
    };
    if (req.method !== 'GET')
      return send(
        405,
        'application/problem+json',
        JSON.stringify({ type: 'about:blank', title: 'Method Not Allowed', status: 405 }),
      );
    if (path === '/health/live') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/health/ready') {
      void health.readiness().then(
        ({ ready, result }) => send(ready ? 200 : 503, 'application/json', JSON.stringify(result)),
        () => send(503, 'application/json', JSON.stringify({ status: 'error' })),
      );
      return;
    }
    if (path === '/metrics') {
      void metrics.registry.metrics().then((body) => send(200, metrics.registry.contentType, body));
      return;
    }
    send(404, 'application/problem+json', JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
  });
  return new Promise((resolve) => server.listen(config.http.port, config.http.host, () => resolve(server)));
}
