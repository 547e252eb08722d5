/** The drag-and-drop data type of a lead card on the board. */
export const LEAD_DRAG_TYPE = 'application/x-parley-lead';
