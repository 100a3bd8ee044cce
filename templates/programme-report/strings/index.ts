import type { Language } from '../../../shared/schemas/report-record.ts';
import { en } from './en.ts';
import { fi } from './fi.ts';
import { sv } from './sv.ts';
import type { ProgrammeStrings } from './types.ts';

export const PROGRAMME_STRINGS: Record<Language, ProgrammeStrings> = { fi, sv, en };
