export * from './problem-details.js';
