import type { Language, Severity } from '../shared/schemas/report-record.ts';

/**
 * A final report as data: what the renderer draws, in reading order. Every value is already
 * formatted for the document's language, so the renderer decides nothing but geometry.
 */
export interface ReportLayout {
  language: Language;
  /** BCP 47 tag for the PDF catalog. */
  locale: string;
  /** Document title (PDF metadata and the cover). */
  title: string;
  subject: string;
  keywords: string[];
  author: string;
  /** Left of the running header: project code and name, or the document's label. */
  header: string;
  /** Right of the running header: the kind of report. */
  headerRight: string;
  /** Left of the footer: when the PDF was generated. */
  footer: string;
  pageLabel: (n: number, total: number) => string;
  attachment: { name: string; description: string };
  blocks: Block[];
}

export type Block =
  | CoverBlock
  | KeyFiguresBlock
  | SectionBlock
  | HeadingBlock
  | ParagraphBlock
  | TableBlock
  | BarChartBlock
  | FindingsBlock;

export interface CoverBlock {
  type: 'cover';
  /** Small line above the title, e.g. "Final report". */
  eyebrow: string;
  title: string;
  subtitle?: string;
}

export interface KeyFiguresBlock {
  type: 'key-figures';
  items: Array<{ label: string; value: string }>;
}

/** A chapter: a level-2 heading and its blocks, kept together as one structure element. */
export interface SectionBlock {
  type: 'section';
  heading: string;
  blocks: Block[];
  /** Start the section on a new page. */
  newPage?: boolean;
}

export interface HeadingBlock {
  type: 'heading';
  text: string;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
  tone?: 'body' | 'muted';
  /** Language of the text when it differs from the document's, e.g. a stored English message. */
  lang?: string;
}

export interface TableColumn {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  width: number;
  align: 'left' | 'right';
}

export interface TableBlock {
  type: 'table';
  /** Read aloud and printed above the table. */
  caption: string;
  columns: TableColumn[];
  rows: string[][];
  /** The first column labels its row (key–value tables): tagged as a row header. */
  rowHeaders?: boolean;
  /** Rows printed in bold, such as totals. */
  emphasis?: number[];
  /** No header row (key–value tables, whose first cells head their rows). */
  hideHeader?: boolean;
  /**
   * A list set in columns rather than data to compare across rows: each row is tagged as one
   * paragraph, read in column order.
   */
  listing?: boolean;
}

export interface ChartSeries {
  name: string;
  color: string;
  /** One value per category; undefined when the document does not state it. */
  values: Array<number | undefined>;
  /** The printed value of each bar: the stored number, or "not stated". */
  labels: string[];
}

export interface BarChartBlock {
  type: 'bar-chart';
  /** Printed above the plot; left out where the section heading already says it. */
  title?: string;
  /** Alternative text: the chart's data in words. */
  alt: string;
  orientation: 'vertical' | 'horizontal';
  categories: string[];
  series: ChartSeries[];
  /** Axis end and gridlines. */
  scale: { max: number; ticks: Array<{ value: number; label: string }> };
}

export interface FindingsBlock {
  type: 'findings';
  items: Array<{
    severity: Severity;
    label: string;
    title: string;
    detail?: { intro: string; text: string; lang?: string };
  }>;
  empty: string;
}
