import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { FieldError } from '@hms/problem-details';
import { RequestValidationError } from './request-validation.error.js';

/**
 * PostgreSQL text cannot hold NUL, and no other C0 control character has a
 * meaning in names, codes, search terms or ids. Body strings may keep tab,
 * LF and CR, since notes and reasons are multi-line free text; query and
 * path values are single-line, so they may not.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this pipe's job
const FORBIDDEN_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex -- as above
const FORBIDDEN_IN_LINE = /[\u0000-\u001f]/;

/** Runs before validation on every body, query and path value; answers a 400 naming each field, never its value. */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const forbidden = metadata.type === 'body' ? FORBIDDEN_IN_BODY : FORBIDDEN_IN_LINE;
    const fields = fieldsWithControlCharacters(value, forbidden, metadata.data ?? '');
    if (fields.length > 0) {
      throw new RequestValidationError(
        fields.map((field): FieldError => ({ field, message: `${field} must not contain control characters` })),
      );
    }
    return value;
  }
}

/** Paths (`address.city`, `items.0.name`) of strings holding a forbidden character; a bad key names its parent. */
export function fieldsWithControlCharacters(value: unknown, forbidden: RegExp, root = ''): string[] {
  const found = new Set<string>();
  // Iterative, so nesting costs no stack (bodies are already capped at 32 levels).
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (forbidden.test(current)) found.add(path || 'body');
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (forbidden.test(key)) found.add(path || 'body');
        else pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return [...found].sort();
}
