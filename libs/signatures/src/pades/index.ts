export * from './pki';
export * from './pkcs12';
export * from './sign';
export * from './verify';
export * from './demo-pki';
export { PdfSignError } from './placeholder';
export * from './prepared-signature';
export * from './issue-stamp';
export { pemCertificates } from './certificate';
