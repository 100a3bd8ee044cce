import type { OcrPages } from './intake.ts';

/**
 * OCR in this process, for local runs and the CLI: the OCR module and tesseract.js are loaded on
 * the first scan, and the language data is gathered into `langDir` once.
 */
export function ocrInProcess(langDir: string): OcrPages {
  let langPath: string | undefined;
  return async (bytes, pages, limits) => {
    const { ocrPdfPages, prepareLangPath } = await import('./ocr.ts');
    langPath ??= prepareLangPath(langDir);
    return ocrPdfPages(bytes, pages, { langPath, limits });
  };
}
