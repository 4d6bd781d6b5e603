import type { AppConfig } from '../../config/app-config.js';
import type { ContextCatalogue } from '../context/context-catalogue-shape.js';

/** Where a command writes: results to stdout, diagnostics to stderr. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** One `npm run cli -- <name> [args]` command; the platform's live in cli.ts, a context's in its descriptor. */
export interface CliCommand {
  /** One line for the usage list: what it does and its arguments. */
  readonly help: string;
  /** Answers the process's exit code; throws UsageError for bad arguments (exit 2). */
  run(config: AppConfig, args: readonly string[], io: CliOutput, catalogue: ContextCatalogue): Promise<number>;
}
