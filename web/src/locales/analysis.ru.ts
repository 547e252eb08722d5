import type { analysisEn } from './analysis.en.ts';

// Russian strings of the analysis pages; the type makes sure none is missing.
export const analysisRu: Record<keyof typeof analysisEn, string> = {
};
