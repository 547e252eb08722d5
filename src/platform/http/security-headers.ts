/**
 * The Content-Security-Policy of every response. The web UI is Vite's output: external module scripts and
 * stylesheets only; React and Recharts set element styles through the DOM (allowed), and a few components
 * carry style attributes, hence 'unsafe-inline' for styles only. Scripts never run inline.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};
