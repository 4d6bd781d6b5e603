import { rulesToAST } from '@casl/ability/extra';
import type { AppAbility } from './ability.js';

/** How one condition field reads in SQL: given a bind placeholder, returns a boolean SQL expression. */
export type FieldSql = (placeholder: string) => string;

export interface SqlFilter {
  /** `TRUE` when everything is allowed, `FALSE` when nothing is. */
  readonly sql: string;
  readonly params: unknown[];
}

interface AstNode {
  readonly operator: string;
  readonly field?: string;
  readonly value: unknown;
}

/**
 * Turns what an ability allows for (action, subject) into a SQL condition,
 * so a list query returns exactly the records a get would allow. Field
 * mappers say how each condition field is expressed on the caller's tables.
 * `firstParam` is the number of the first `$n` placeholder to use.
 */
export function abilityToSql(
  ability: AppAbility,
  action: string,
  subject: string,
  fields: Record<string, FieldSql>,
  firstParam = 1,
): SqlFilter {
  if (!ability.can(action, subject)) return { sql: 'FALSE', params: [] };
  const ast = rulesToAST(ability, action, subject) as AstNode | null;
  if (ast === null) return { sql: 'TRUE', params: [] };
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const render = (node: AstNode): string => {
    switch (node.operator) {
      case 'and':
      case 'or': {
        const parts = (node.value as AstNode[]).map(render);
        if (parts.length === 0) return node.operator === 'and' ? 'TRUE' : 'FALSE';
        return `(${parts.join(node.operator === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `NOT (${render(node.value as AstNode)})`;
      case 'eq':
      case 'in': {
        const mapper = node.field ? fields[node.field] : undefined;
        if (!mapper) throw new Error(`No SQL mapping for condition field "${node.field}" of ${subject}`);
        if (node.operator === 'eq') return mapper(bind(node.value));
        const values = node.value as unknown[];
        return values.length === 0 ? 'FALSE' : `(${values.map((v) => mapper(bind(v))).join(' OR ')})`;
      }
      default:
        throw new Error(`Condition operator "${node.operator}" cannot be turned into SQL`);
    }
  };
  return { sql: render(ast), params };
}
