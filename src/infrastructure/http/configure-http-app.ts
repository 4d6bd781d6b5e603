import { ValidationPipe, VersioningType } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ControlCharactersPipe } from './control-characters.pipe.js';
import { refuseDeepJson } from './json-depth.js';
import { mediaTypeMiddleware } from './media-type.middleware.js';
import { ProblemDetailsFilter, type StatusForCode } from './problem-details.filter.js';
import { requestContextMiddleware } from './request-context.middleware.js';
import { flattenValidationErrors, RequestValidationError } from './request-validation.error.js';
import { trustedHostMiddleware } from './trusted-host.middleware.js';

/** Routes outside /api: probes and the Prometheus scrape. */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready', 'metrics'];

/**
 * Everything HTTP-wide, in the order a request meets it. Used by main.ts
 * and by the e2e tests, so the tests exercise the production pipeline.
 * The app must be created with `bodyParser: false`.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig, statusForCode: StatusForCode): void {
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware(app.get(MetricsService)));
  app.use(trustedHostMiddleware(config.http.allowedHosts));
  app.use(helmet());
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? [...config.http.corsOrigins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'Idempotency-Key',
      'X-Request-ID',
      'X-Correlation-ID',
      'X-Purpose-Of-Use',
    ],
    exposedHeaders: ['X-Request-ID', 'ETag', 'Retry-After', 'Server-Timing', 'Location'],
    maxAge: 600,
  });
  app.use(mediaTypeMiddleware());
  // A JSON feed holds up to INGEST_MAX_RECORDS records: its own limit, parsed first (the general parser then skips it).
  app.use(
    '/api/v1/ingest',
    express.json({
      limit: config.intake.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      verify: refuseDeepJson,
    }),
  );
  // express.json itself rather than useBodyParser, whose options type omits `verify` (Nest keeps it for rawBody).
  app.use(
    express.json({
      limit: config.http.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
      verify: refuseDeepJson,
    }),
  );
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_ROUTES });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(
    // Before validation, so transforms never see a control character.
    new ControlCharactersPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Values are never echoed back: a rejected field may hold personal data.
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter(statusForCode));
}
