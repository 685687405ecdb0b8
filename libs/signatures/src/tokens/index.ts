export * from './pkcs11-session';
export * from './pkcs11-digest-signer';
export * from './token-provisioning';
export * from './softhsm';
