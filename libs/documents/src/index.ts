export * from './document-model';
export * from './document-builder';
export * from './document-templates';
export * from './template-helpers';
export * from './register-document';
export * from './nd30-date';
export * from './narrative-markdown';
export { fontFaceCss, DOCUMENT_FONT_FAMILY } from './fonts';
export * from './form-preview';
