import { defineTask } from '@app/workers';
import { verifyPdfSignatures } from './pades/verify';
import { SigningImageRefused, normalizeSigningImage } from './signing-image';

/** Checks every signature of an uploaded PDF, in a worker thread (the file is the caller's). */
export const verifyPdfTask = defineTask('signatures.verifyPdf', verifyPdfSignatures);

/** Decodes, bounds and re-encodes an uploaded signature image or seal, in a worker thread. */
export const normalizeImageTask = defineTask('signatures.normalizeImage', normalizeSigningImage, {
  errors: [SigningImageRefused],
});
