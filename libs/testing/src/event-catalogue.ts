import { DomainEvent, eventDeclarationOf, parseEventType } from '@hms/ddd';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class, abstract or not
type AnyClass = Function;

/** An event class and the module it was exported from. */
export interface CataloguedEvent {
  readonly source: string;
  readonly eventClass: AnyClass;
}

const isEventClass = (value: unknown): value is AnyClass =>
  typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof DomainEvent;

/**
 * Every DomainEvent subclass the given modules export. A class without a
 * TYPE of its own that another collected class extends is an abstract base
 * and is left out; every other one is an event and must be declared.
 */
export function eventClassesIn(modules: Readonly<Record<string, object>>): CataloguedEvent[] {
  const found = new Map<AnyClass, string>();
  for (const [source, exports] of Object.entries(modules)) {
    for (const value of Object.values(exports) as unknown[])
      if (isEventClass(value) && !found.has(value)) found.set(value, source);
  }
  const classes = [...found.keys()];
  const isBase = (c: AnyClass) =>
    !Object.hasOwn(c, 'TYPE') && classes.some((other) => other !== c && (other.prototype as object) instanceof c);
  return [...found].filter(([c]) => !isBase(c)).map(([eventClass, source]) => ({ source, eventClass }));
}

/**
 * What is wrong with a set of event classes, one line each: a class that
 * declares no type or audit filing of its own (or a malformed one), a type
 * in a context other than the one the class lives in, and a type that two
 * classes declare.
 */
export function eventCatalogueProblems(
  events: readonly CataloguedEvent[],
  contextOf: (source: string) => string | undefined = () => undefined,
): string[] {
  const problems: string[] = [];
  const byType = new Map<string, string[]>();
  for (const { source, eventClass } of events) {
    let type: string;
    try {
      type = eventDeclarationOf(eventClass).TYPE;
    } catch (error) {
      problems.push(`${source}: ${(error as Error).message}`);
      continue;
    }
    const context = contextOf(source);
    const declared = parseEventType(type)?.context;
    if (context !== undefined && declared !== context) {
      problems.push(`${source}: ${eventClass.name} declares ${type}, outside its context ${context}`);
    }
    byType.set(type, [...(byType.get(type) ?? []), `${eventClass.name} (${source})`]);
  }
  for (const [type, owners] of byType) {
    if (owners.length > 1) problems.push(`${type} is declared by ${owners.length} classes: ${owners.join(', ')}`);
  }
  return problems;
}
