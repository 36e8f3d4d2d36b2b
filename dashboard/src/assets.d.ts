// esbuild bundles CSS imported from TypeScript into app.css; the import itself has no value.
declare module '*.css';
