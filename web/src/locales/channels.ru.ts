import type { channelsEn } from './channels.en.ts';

// Russian strings of the channels pages; the type makes sure none is missing.
export const channelsRu: Record<keyof typeof channelsEn, string> = {
};
