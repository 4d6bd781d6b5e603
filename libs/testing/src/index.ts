export * from './invalid-fields.js';
export * from './tcp-proxy.js';
export * from './test-database.js';
export * from './wait-for.js';
export * from './event-catalogue.js';
