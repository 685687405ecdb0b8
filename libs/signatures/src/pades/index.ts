export * from './pki';
export * from './sign';
export * from './verify';
export * from './demo-pki';
export { PdfSignError } from './placeholder';
