export * from './pki';
export * from './certify-public-key';
export * from './pkcs12';
export * from './sign';
export * from './verify';
export * from './demo-pki';
export { PdfSignError } from './placeholder';
export * from './demo-tokens';
