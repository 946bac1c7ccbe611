/** The pay ledger: per-incident fines and rewards (money, not points). */
import type { Registrar } from '../registrar.ts';

export function ledgerRoutes(_r: Registrar): void {}
