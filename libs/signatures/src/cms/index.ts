export * from './digest-signer';
export * from './detached-cms';
export * from './key-digest-signer';
export * from './signer-cms';
