import type { Fund, Language } from '../schemas/report-record.ts';
import { findAmounts } from './amounts.ts';
import type { Line } from './text.ts';
import { fundsOf } from './vocabulary.ts';

/**
 * A project's money stated in one sentence rather than under labels: its total cost, then what
 * was granted out of it (`Hankkeen kokonaiskustannukset ovat 292 551 euroa, josta Lapin liitto on
 * myöntänyt Euroopan aluekehitysrahaston (EAKR) ja valtion rahoitusta 219 414 euroa`). The total
 * is the project's; the part after `of which` is a grant, never the total, and it names whose
 * money it is: the EU with the state (`EAKR ja valtion`), or the EU alone. The EU's part may
 * also be told beside the total (`…, with a total maximum European contribution of 16,000,000.00
 * Euros, which is 75% of the total`).
 */
export type CostStatement =
  | {
      path:
        | 'funding.totalBudget'
        | 'funding.euAndStateGranted'
        | 'funding.euContribution'
        | 'funding.euCofinancingRate';
      value: number;
      line: Line;
    }
  | { path: 'project.fund'; value: Fund; line: Line };

/** The total cost named as the sentence's subject, up to its verb. */
const TOTAL_COST =
  /(?:(?:hankkeen |projektin )?kokonaiskustannukset|(?:hankkeen |projektin )?kokonaisbudjetti|(?:projektets )?total(?:a)? ?(?:kostnad(?:er(?:na)?)?|budget)|(?:the )?(?:project'?s? )?total (?:joint |eligible |planned )?(?:project )?(?:costs?|budget))(?: of the (?:project|operation))?(?:,[^,]{1,60},)?\s+(?:ovat|on|oli|olivat|är|var|uppgår till|is|are|was|were|amounts? to|totals?)\s+/iu;
/** A project said to have its budget: `In total, the project has a budget of € 601.840`. */
const HAS_BUDGET = /(?:the\s+)?project\s+has\s+(?:a\s+)?(?:total\s+)?budget\s+of\s+/iu;
/** Where the sentence turns to the part granted out of that total. */
const OF_WHICH = /(?:,\s*|\s+)(?:josta|joista|varav|därav|of which)\s+/iu;
/** Or to the EU's part beside it: `…, with a total maximum European contribution of 16,000,000 Euros`. */
const WITH_EU_PART =
  /^,?\s*with (?:a |an )?(?:total )?(?:maximum )?(?:eu|european|union|erdf|esf\+?) (?:union )?(?:contribution|co-?financing|funding|grant) of\s+/iu;
/** The rate that part is of the total, said after it: `, which is 75% of the total`. */
const WHICH_IS_RATE =
  /^,?\s*(?:which|that) (?:is|represents|amounts to) (\d{1,3}(?:[.,]\d{1,2})?)\s?(?:%|per ?cent)/iu;
/** A word of granting or paying in the part after `of which`. */
const GRANTED =
  /(?:myöntän\p{L}*|myönnet\p{L}*|rahoitta\p{L}*|rahoitusta|beviljat\p{L}*|finansier\p{L}*|grant\p{L}*|contribut\p{L}*|finance[sd]?|fund(?:s|ed|ing))/iu;
/** The state's money beside the EU's: `EAKR ja valtion`, `ERUF och staten`, `ERDF and state`. */
const AND_STATE =
  /(?:ja valtion|och (?:staten|statlig)|and (?:the )?(?:state|national government))/iu;
/** Another sentence begins: the part granted is read only in the total's own sentence. */
const SENTENCE_END = /(?<=[\p{Ll}\d)][.!?])\s+(?=\p{Lu})/u;

export function readCostStatements(lines: readonly Line[], language?: Language): CostStatement[] {
  for (const line of lines) {
    if (line.text.length < 30 || line.text.length > 2000) continue;
    const m = TOTAL_COST.exec(line.text) ?? HAS_BUDGET.exec(line.text);
    if (!m) continue;
    const rest = line.text.slice(m.index + m[0].length);
    const sentence = rest.split(SENTENCE_END)[0] ?? rest;
    const [total] = findAmounts(sentence, language);
    // The total comes first after the verb, in euros (a sum in kronor is no euro total).
    if (!total || total.foreign || !total.currency || total.index > 3) continue;
    const statements: CostStatement[] = [{ path: 'funding.totalBudget', value: total.value, line }];
    const after = sentence.slice(total.end);
    const turn = OF_WHICH.exec(after);
    if (turn && turn.index <= 2) {
      const part = after.slice(turn.index + turn[0].length);
      const granted = findAmounts(part, language).filter((a) => !a.foreign && a.currency);
      const funds = fundsOf(part);
      const whose = funds.length > 0 || /(?<!\p{L})EU(?!\p{L})/u.test(part);
      if (granted.length === 1 && GRANTED.test(part) && whose && granted[0]) {
        const path = AND_STATE.test(part) ? 'funding.euAndStateGranted' : 'funding.euContribution';
        if (granted[0].value < total.value) {
          statements.push({ path, value: granted[0].value, line });
          // The one fund the grant is paid from is the project's.
          if (funds.length === 1 && funds[0]) {
            statements.push({ path: 'project.fund', value: funds[0], line });
          }
        }
      }
    }
    const beside = turn ? null : WITH_EU_PART.exec(after);
    if (beside) {
      const part = after.slice(beside[0].length);
      const [eu] = findAmounts(part, language);
      if (eu && !eu.foreign && eu.currency && eu.index <= 3 && eu.value < total.value) {
        statements.push({ path: 'funding.euContribution', value: eu.value, line });
        const rate = WHICH_IS_RATE.exec(part.slice(eu.end));
        const percent = rate?.[1] ? Number(rate[1].replace(',', '.')) : undefined;
        if (percent !== undefined && percent <= 100) {
          statements.push({ path: 'funding.euCofinancingRate', value: percent, line });
        }
      }
    }
    return statements;
  }
  return [];
}

/**
 * The EU's rate stated in a sentence: `a co-funding rate of 22%`, `osarahoitusaste on 70 %`,
 * `medfinansieringsgraden är 50 procent`. A rate that is only a ceiling (`a maximum co-financing
 * rate of 80 %`) is a call's, not the project's.
 */
const RATE_SENTENCE =
  /(?<!(?:maximum|max\.?|highest|enintään|korkein|högsta|maximal|maximala)\s+(?:eu\s+)?)(?:co-?(?:funding|financing) rate|cofinancing rate|osarahoitusaste|medfinansieringsgrad(?:en)?)\s+(?:of|is|was|on|oli|är|var|på)\s+(?:(?:about|around|noin|cirka|ca\.?)\s+)?(\d{1,3}(?:[.,]\d{1,2})?\s?(?:%|per ?cent|prosenttia|procent))/iu;

/** A project co-financed at a rate by the EU's fund: `co-financed with 85% ERDF`. */
const COFINANCED_AT =
  /co-?(?:financed|funded)\s+(?:with|at|by)\s+(\d{1,3}(?:[.,]\d{1,2})?\s?%)\s+(?:by\s+(?:the\s+)?)?(?:erdf|esf\+?|eu|european|interreg|eakr|eruf)/iu;

/** The first rate a sentence states as the project's, as written (`22%`), with its line. */
export function rateInSentence(lines: readonly Line[]): { value: string; line: Line } | undefined {
  for (const line of lines) {
    if (line.text.length > 2000) continue;
    const m = RATE_SENTENCE.exec(line.text) ?? COFINANCED_AT.exec(line.text);
    if (m?.[1]) return { value: m[1], line };
  }
  return undefined;
}
