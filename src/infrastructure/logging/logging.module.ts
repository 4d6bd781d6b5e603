import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { requestLoggingOptions } from './request-logging-options.js';

const QUIET_ROUTES = ['health/live', 'health/ready', 'metrics'].map((path) => ({ path, method: RequestMethod.ALL }));

/** JSON logs through nestjs-pino, one line per request (request-logging-options.ts). */
@Module({})
export class LoggingModule {
  /** `stream` replaces stdout (tests capture the logs to prove what they do not contain). */
  static forRoot(stream?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const options = requestLoggingOptions(config);
            return {
              pinoHttp: stream ? [options, stream] : options,
              // Probes and scrapes are never logged: spare them the per-request child loggers too.
              exclude: QUIET_ROUTES,
            };
          },
        }),
      ],
    };
  }
}
