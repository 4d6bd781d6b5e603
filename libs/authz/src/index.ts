export * from './ability.js';
export * from './ability-to-sql.js';
export * from './access-denied.event.js';
export * from './decorators.js';
export * from './field-rules.js';
export * from './permission.js';
export * from './principal.js';
export * from './purpose-of-use.js';
