import type { HttpStatus, ModuleMetadata } from '@nestjs/common';
import type { PermissionDefinition } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import type { CliCommand } from '../cli/cli-command.js';
import type { ContextCatalogue, EncryptedTextTable } from './context-catalogue-shape.js';

export type ModuleImports = NonNullable<ModuleMetadata['imports']>;

// Declared apart so that the CLI's command type can name the catalogue without a cycle.
export type { ContextCatalogue, EncryptedTextTable } from './context-catalogue-shape.js';

export interface OpenApiTag {
  readonly name: string;
  readonly description: string;
}

export interface QueueDescriptor {
  readonly name: string;
  /** What feeds it and what a job carries (ids only, never personal data). */
  readonly description: string;
}

/**
 * Everything the application needs to know about one bounded context, in one
 * object: src/contexts.ts lists them, and the app module, the error mapping,
 * the permission catalogue, the role matrix, the OpenAPI tags, the queue list
 * and the CLI iterate over that list. `Code` is the union of the context's
 * error codes; `errorStatus` must map each, so a new code does not compile
 * until it has a status.
 */
export interface ContextDescriptor<Code extends string> {
  /** The folder under src/modules. */
  readonly name: string;
  /** The context's Nest modules for this process (some parts run only in the worker role). */
  readonly modules: (config: AppConfig, catalogue: ContextCatalogue) => ModuleImports;
  readonly permissions: readonly PermissionDefinition[];
  /** Built-in role -> permissions (with scope) it holds on a new installation; never admin, who holds all. */
  readonly defaultGrants: Readonly<Record<string, readonly string[]>>;
  readonly errorStatus: Readonly<Record<Code, HttpStatus>>;
  /** The tags its operations use, declared in the OpenAPI document in this order. */
  readonly openApiTags: readonly OpenApiTag[];
  /** Queues it feeds and consumes itself (the outbox's queues belong to the platform). */
  readonly queues: readonly QueueDescriptor[];
  readonly cliCommands: Readonly<Record<string, CliCommand>>;
  /** Its tables of free text encrypted under the patients' PII keyring, which a key rotation re-encrypts. */
  readonly encryptedTexts?: readonly EncryptedTextTable[];
  /**
   * Brings the context's data in line with every descriptor once the schema is
   * current: run by the process that migrates, in one transaction, under the
   * migration lock (auth adds missing default grants to the built-in roles).
   */
  readonly reconcile?: (db: EntityManager, catalogue: ContextCatalogue) => Promise<void>;
}

/** A descriptor as the wiring list holds it, whatever its codes. */
export type AnyContextDescriptor = ContextDescriptor<string>;
