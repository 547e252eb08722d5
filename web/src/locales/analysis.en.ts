// English strings of the analysis pages.
export const analysisEn = {
} as const;
