import type { InboxMessage, MessageTarget } from '@linli/shared'

import type { MessagePayload } from './table'

export type { MessagePayload }

/** What a message is about, as 我的消息, the console and the WeChat templates show it. */
export type MessageSubject = Pick<InboxMessage, 'service' | 'date' | 'time' | 'place' | 'previous'>

/**
 * The three subscribe-message templates a deployment configures: outcomes of what she asked for,
 * changes someone else made, reminders.
 */
export type WechatTemplate = 'result' | 'change' | 'reminder'

/** One kind of message, defined by the domain that sends it; `P` is the payload it carries. */
export interface MessageKind<P extends MessagePayload = MessagePayload> {
  readonly name: string
  readonly title: string
  /**
   * Shown in 我的消息 with a badge on 我的 until read. Off for what she has just done herself:
   * the page she tapped already told her.
   */
  readonly inApp: boolean
  readonly template: WechatTemplate
  /** What else she should know, after the subject: the reason, the start of a reply, what to do next. */
  note(payload: P): string | null
  subject(payload: P): MessageSubject
  /** The page that shows what the message is about. */
  target(payload: P): MessageTarget
}

interface KindText<P> {
  title: string
  inApp: boolean
  template: WechatTemplate
  note?: (payload: P) => string | null
}

/**
 * A domain's message kinds: what they share (the subject and the page, read from one payload
 * type) and each kind's title, template and note. The result is what `enqueue` takes.
 */
export function defineMessageKinds<P extends MessagePayload, K extends string>(definition: {
  subject: (payload: P) => MessageSubject
  target: (payload: P) => MessageTarget
  kinds: Record<K, KindText<P>>
}): { readonly [N in K]: MessageKind<P> } {
  const entries = Object.entries<KindText<P>>(definition.kinds).map(([name, text]): [string, MessageKind<P>] => [
    name,
    { name, title: text.title, inApp: text.inApp, template: text.template, note: text.note ?? (() => null), subject: definition.subject, target: definition.target },
  ])
  return Object.fromEntries(entries) as { readonly [N in K]: MessageKind<P> }
}

/** A kind that was never registered, or whose name another registered kind already has: a programming error. */
export class UnknownMessageKindError extends Error {
  constructor(name: string, why = 'is not registered') {
    super(`message kind "${name}" ${why}: register its domain's kinds in app.ts`)
    this.name = 'UnknownMessageKindError'
  }
}

// Stored rows name their kind, so the outbox, the worker and 我的消息 find its texts here; app.ts fills it.
const registered = new Map<string, MessageKind>()

/** Registers each domain's kinds once per process; registering the same set again changes nothing. */
export function registerMessageKinds(...sets: Readonly<Record<string, MessageKind>>[]): void {
  for (const set of sets) {
    for (const kind of Object.values(set)) {
      const known = registered.get(kind.name)
      if (known && known !== kind) throw new UnknownMessageKindError(kind.name, 'is defined twice')
      registered.set(kind.name, kind)
    }
  }
}

/**
 * The registered kind of that name, to read a stored payload with (its kind wrote it); refuses a
 * name nobody registered, and a look-alike definition that is not the registered one.
 */
export function registeredKind(name: string, expected?: MessageKind): MessageKind {
  const kind = registered.get(name)
  if (!kind || (expected && kind !== expected)) throw new UnknownMessageKindError(name)
  return kind
}

/** A message as every channel says it, built when read so corrected wording reaches old messages too. */
export interface RenderedMessage extends MessageSubject {
  kind: string
  title: string
  note: string | null
  target: MessageTarget
  template: WechatTemplate
}

export function renderMessage(kind: MessageKind, payload: MessagePayload): RenderedMessage {
  return { kind: kind.name, title: kind.title, note: kind.note(payload), target: kind.target(payload), template: kind.template, ...kind.subject(payload) }
}
