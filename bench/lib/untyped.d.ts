// The shared benchmark helpers are plain ES modules; TypeScript benchmarks import them untyped.
declare module '*.mjs';
declare module 'autocannon';
