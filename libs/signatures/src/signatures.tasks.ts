import { defineTask } from '@app/workers';
import { readPdfSignatures } from './pades/verify';
import { SigningImageRefused, normalizeSigningImage } from './signing-image';

/** Reads every signature of an uploaded PDF and checks its bytes, in a worker thread (the file is the caller's); trust is decided after, in the main thread. */
export const verifyPdfTask = defineTask('signatures.verifyPdf', readPdfSignatures);

/** Decodes, bounds and re-encodes an uploaded signature image or seal, in a worker thread. */
export const normalizeImageTask = defineTask('signatures.normalizeImage', normalizeSigningImage, {
  errors: [SigningImageRefused],
});
