export * from './pkcs11-session';
export * from './pkcs11-digest-signer';
export * from './token-provisioning';
export * from './softhsm';
export * from './organisation-slot-signer';
