import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { eventUpcasters } from '@hms/ddd';
import { type CataloguedEvent, eventCatalogueProblems, eventClassesIn } from '@hms/testing';
import { LEGACY_EVENT_TYPES } from './modules/audit/domain/legacy-event-types.js';

const ROOT = join(import.meta.dirname, '..');

/** Where event classes may live, and the context their types must name. */
function contextOf(source: string): string | undefined {
  return (
    (/^src\/modules\/([^/]+)\//.exec(source) ?? /^libs\/([^/]+)\//.exec(source))?.[1] ??
    (source.startsWith('test/') ? 'test' : undefined)
  );
}

/** Every TypeScript file (specs excluded) under the folders that may hold events. */
function sourceFiles(): string[] {
  return ['src', 'libs', 'test']
    .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))
    .filter((file) => file.endsWith('.ts') && !/[.-]spec\.ts$|\.d\.ts$/.test(file));
}

/**
 * The files that define events: they extend DomainEvent or declare a TYPE.
 * Read as text first, so an event class anywhere in the code is found, then
 * imported to check what the classes declare.
 */
const DEFINES_EVENTS = /\bextends DomainEvent\b|^\s*static readonly TYPE\b/m;
const TYPE_DECLARATION = /^\s*static readonly TYPE\b/gm;

describe('every event class', () => {
  let events: CataloguedEvent[];
  let declaredInText = 0;

  beforeAll(async () => {
    const modules: Record<string, object> = {};
    for (const file of sourceFiles()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (!DEFINES_EVENTS.test(text)) continue;
      declaredInText += text.match(TYPE_DECLARATION)?.length ?? 0;
      modules[relative(ROOT, join(ROOT, file))] = (await import(join(ROOT, file))) as object;
    }
    events = eventClassesIn(modules);
  });

  it('is found: every class that declares a TYPE is exported where the check can see it', () => {
    expect(events.length).toBeGreaterThan(30);
    expect(events.filter((e) => Object.hasOwn(e.eventClass, 'TYPE'))).toHaveLength(declaredInText);
  });

  it('declares a type <context>.<EventName>.v<version> of its own context, no other class declares it, and an audit action and outcome', () => {
    expect(eventCatalogueProblems(events, contextOf)).toEqual([]);
  });

  it('reads every legacy class-name type as a type some class declares today (or upcasts from)', () => {
    const declared = new Set(events.map((e) => (e.eventClass as unknown as { TYPE?: string }).TYPE));
    const unknown = [...LEGACY_EVENT_TYPES.values()].filter(
      (type) => !declared.has(type) && eventUpcasters.currentType(type) === type,
    );
    expect(unknown).toEqual([]);
  });
});
