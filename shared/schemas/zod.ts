// The zod every schema here is built with: zod/mini, the same validation as classic zod from
// functions instead of methods. Classic zod costs ~30 ms of module evaluation at every cold start
// of a function that validates records; mini costs ~2 ms. Mini leaves messages to a locale, so
// the English one is loaded here: rejected records and configuration errors say what is wrong
// ("Too small: expected string to have >=1 characters"), not just "Invalid input".
//
// Import it as a namespace (`import * as z from './zod.ts'`): bundlers then keep only the
// functions used.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
