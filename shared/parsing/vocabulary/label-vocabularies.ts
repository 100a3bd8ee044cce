import type { LabelWords } from './labels.ts';
import { LABELS_EN } from './labels-en.ts';
import { LABELS_FI } from './labels-fi.ts';
import { LABELS_SV } from './labels-sv.ts';

/** Every language's label words, Finnish first: layer one and the sentence readers use them all. */
export const LABEL_VOCABULARIES: readonly LabelWords[] = [LABELS_FI, LABELS_SV, LABELS_EN];
