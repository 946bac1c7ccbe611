/** Long work in the background (opening a month, imports) and its progress. */
import type { Registrar } from '../registrar.ts';

export function jobRoutes(_r: Registrar): void {}
