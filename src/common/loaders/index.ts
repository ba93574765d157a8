export * from './loaders.js';
