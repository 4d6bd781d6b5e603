export * from './blind-index.js';
export * from './field-cipher.js';
export * from './keyring.js';
export * from './signed-entry.js';
