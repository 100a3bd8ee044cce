// pdfkit 0.20 accepts these; @types/pdfkit has not caught up with them yet.
declare namespace PDFKit.Mixins {
  interface PDFFont {
    /** A font parsed once with fontkit and reused across documents. */
    font(src: import('fontkit').Font, family: string, size?: number): this;
  }

  interface StructureElementOptions {
    /** Which cells a table header cell (`TH`) labels. */
    scope?: 'Row' | 'Column' | 'Both';
    /** Layout box of a figure: left, top, right, bottom in page points from the top left. */
    bbox?: [number, number, number, number];
    placement?: 'Block' | 'Inline';
  }

  interface PDFAttachmentOptions {
    /** PDF/A-3 `AFRelationship` of an embedded file. */
    relationship?: 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'Unspecified';
  }
}
