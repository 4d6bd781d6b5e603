/** The longest reason (and status reason) an encounter takes, in characters: the API's and a visit's from another system alike. */
export const MAX_REASON_LENGTH = 2000;
