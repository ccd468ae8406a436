/**
 * Versioned changes to a service in the inventory that an adopted 协商结果 carries (issue 11 item 7):
 * opening hours, seats, price kind, a new service; the service shows 「因居民协商调整」 with the topic.
 * Never import './errors' here: errors.ts spreads the fragment below into ERRORS.
 */
export const SERVICE_CHANGE_ERRORS = {} as const
