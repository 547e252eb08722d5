/** Job task names owned by this module; a leaf file so job definitions can import it at load time. */
export const MESSAGE_DISPATCH_TASK = 'message.dispatch';
