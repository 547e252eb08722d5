export { seedDemo, DEMO_SLUG, DEMO_OWNER_EMAIL, type DemoResult } from './demo.service.ts';
