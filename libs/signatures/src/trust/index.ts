export * from './certificate-trust';
