// English strings of the channels pages.
export const channelsEn = {
} as const;
