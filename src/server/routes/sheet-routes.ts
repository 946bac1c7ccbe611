/** Score-sheet import (考核表): upload, readings, save as a template. */
import type { Registrar } from '../registrar.ts';

export function sheetRoutes(_r: Registrar): void {}
