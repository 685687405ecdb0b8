export * from './certificate-trust';
export * from './certificate-trust.service';
export * from './revocation.service';
export * from './revocation.repository';
export * from './revocation-sources';
export * from './trust-anchors.repository';
export * from './x509-certificates';
export * from './bounded-http';
