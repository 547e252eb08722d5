/** The dispatch job moved to the outreach module; its task name is re-exported here for older imports. */
export { MESSAGE_DISPATCH_TASK } from '../outreach/outreach-tasks.ts';
