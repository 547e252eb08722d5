/** The job that downloads an inbound message's media (`media-download.job.ts`), queued by the inbound path. */
export const MEDIA_DOWNLOAD_TASK = 'media.download';
/** Attempts before a download is given up (backoff 1 s, 2 s, 4 s … about four minutes in all). */
export const MEDIA_DOWNLOAD_ATTEMPTS = 8;
