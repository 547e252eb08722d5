// English strings of the composer's attachments, voice notes and suggested reply.
export const composerEn = {
  'composer.attach': 'Attach a file',
  'composer.attaching': 'Uploading…',
  'composer.removeAttachment': 'Remove the attachment',
  'composer.dropHere': 'Drop the file to attach it',
  'composer.captionPlaceholder': 'Add a caption…',
  'composer.voice': 'Record a voice note',
  'composer.voiceNote': 'Voice note',
  'composer.recording': 'Recording',
  'composer.stopRecording': 'Stop',
  'composer.cancelRecording': 'Cancel',
  'composer.micDenied': 'The browser did not allow the microphone.',
  'composer.micUnavailable': 'This browser cannot record audio.',
  'composer.suggest': 'Suggest a reply',
  'composer.suggesting': 'Drafting…',
  'composer.suggestedAi': 'Drafted by AI — check it before sending',
  'composer.suggestedOffline': 'Drafted from your business profile — check it before sending',
};
