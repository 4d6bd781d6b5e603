export * from './actor.js';
export * from './common-errors.js';
export * from './domain-error.js';
export * from './domain-event.js';
export * from './uuid-v7.js';
export * from './time-zone.js';
