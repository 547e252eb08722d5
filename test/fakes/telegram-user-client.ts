/**
 * Telegram's side of MTProto for one user account, behind the adapter's `TelegramUserClient` boundary: the
 * adapter's real code runs, and every request and answer is a real `Api.*` object of the `telegram` package
 * (GramJS), as its client would pass them over the wire. MTProto itself cannot be served locally, so this
 * stands where GramJS's network layer would be.
 *
 * - login: `auth.sendCode` (checks api_id/api_hash and the phone), `auth.signIn` (the code; SESSION_PASSWORD_NEEDED
 *   when a cloud password is set), `account.getPassword` + `auth.checkPassword` verified with SRP as the server does
 *   (so GramJS's `computeCheck` must produce a correct proof), sessions become authorized per auth key
 * - `auth.logOut`, `users.getUsers`, `contacts.search` (public groups by title or username), `contacts.resolveUsername`, `contacts.importContacts`, `messages.sendMessage` / `sendMedia`
 *   (input peers must carry the right access_hash), `messages.getDialogs`, `messages.getHistory`,
 *   `messages.getFullChat`, `channels.getParticipants` (paged by offset/limit)
 * - `messages.getMessages` / `channels.getMessages` for messages put with `putMessage`, and `downloadMedia` (GramJS's
 *   client helper, which fetches a photo or document in parts) answering the bytes given with `addFile` (by photo or
 *   document id); `failDownloads(n)` makes the next n downloads fail like a dropped connection
 * - `floodWait(method, seconds)`: the next call of a method fails with FLOOD_WAIT_X, built by GramJS's own
 *   RPCMessageToError as it is from the wire; `emit(updates)` dispatches an update as GramJS's `_handleUpdate` does
 */
import { createHash, randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { RPCError, RPCMessageToError } from 'telegram/errors/index.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import { returnBigInt } from 'telegram/Helpers.js';
import { computeDigest } from 'telegram/Password.js';
import { getPeerId } from 'telegram/Utils.js';
import type { Raw } from 'telegram/events/index.js';
import type { RawUpdate, SendFileParams, TelegramClientFactory, TelegramClientOptions, TelegramUserClient } from '../../src/modules/channels/telegram-user/telegram-user.client.ts';

// Telegram's 2048-bit SRP group (g = 3): the prime GramJS accepts without a primality test.
const P_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';
const P = BigInt(`0x${P_HEX}`);
const G = 3n;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
function statusOf(lastSeen: FakeUser['lastSeen']): Api.TypeUserStatus | undefined {
  if (lastSeen === undefined) return undefined;
  if (lastSeen === 'online') return new Api.UserStatusOnline({ expires: Math.floor(Date.now() / 1000) + 300 });
  if (lastSeen === 'recently') return new Api.UserStatusRecently({});
  if (lastSeen === 'last_week') return new Api.UserStatusLastWeek({});
  if (lastSeen === 'last_month') return new Api.UserStatusLastMonth({});
  return new Api.UserStatusOffline({ wasOnline: lastSeen });
}
const toBig = (buffer: Buffer) => BigInt(`0x${buffer.toString('hex') || '0'}`);
const pad256 = (value: bigint) => Buffer.from(value.toString(16).padStart(512, '0'), 'hex');
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

export interface FakeUser {
  id: number;
  accessHash: string;
  firstName: string;
  lastName?: string;
  username?: string;
  /** Digits only, as Telegram keeps it. */
  phone?: string;
  bot?: boolean;
  deleted?: boolean;
  /** What Telegram shows of the user's last visit: unix seconds offline since, or a rounded status; hidden when absent. */
  lastSeen?: number | 'online' | 'recently' | 'last_week' | 'last_month';
}

export interface FakeGroup {
  /** Bare id (no -100 prefix). */
  id: number;
  title: string;
  kind: 'chat' | 'megagroup' | 'broadcast';
  accessHash?: string;
  memberIds: number[];
  /** A public group's or channel's username: found by contacts.search. */
  username?: string;
}

export interface FakeMtprotoOptions {
  apiId: number;
  apiHash: string;
  self: FakeUser;
  code: string;
  password?: string;
  passwordHint?: string;
  users?: FakeUser[];
  groups?: FakeGroup[];
}

export interface SentRecord {
  method: 'messages.SendMessage' | 'messages.SendMedia' | 'sendFile';
  /** Marked peer id the message went to. */
  peerId: string;
  text: string;
  media?: string;
  /** sendFile: the uploaded bytes and how GramJS was asked to send them. */
  file?: { name: string; bytes: Buffer; voiceNote: boolean; forceDocument: boolean };
  id: number;
  at: number;
}

function rpc(name: string, request: Api.AnyRequest, code = 400): Error {
  return new RPCError(name, request, code);
}

export class FakeMtproto {
  readonly clients: FakeClient[] = [];
  readonly sent: SentRecord[] = [];
  /** Every request's class name in order, e.g. `auth.SendCode`. */
  readonly calls: string[] = [];
  /** Sessions ended with auth.logOut. */
  readonly loggedOut: string[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly groups: FakeGroup[];
  private readonly authorized = new Set<string>();
  private readonly codeHashes = new Set<string>();
  private readonly floods = new Map<string, Array<number | null>>();
  private srp: { id: bigint; b: bigint; B: bigint } | null = null;
  private readonly algo: Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
  private verifier: bigint | null = null;
  private nextMessageId = 1000;
  readonly factory: TelegramClientFactory;

  constructor(readonly options: FakeMtprotoOptions) {
    for (const user of [options.self, ...(options.users ?? [])]) this.users.set(String(user.id), user);
    this.groups = options.groups ?? [];
    this.algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1: randomBytes(40), salt2: randomBytes(16), g: 3, p: Buffer.from(P_HEX, 'hex') });
    this.factory = (clientOptions) => {
      const client = new FakeClient(this, clientOptions);
      this.clients.push(client);
      return client;
    };
  }

  /** After `skip` calls that pass, the next `times` calls of a request class fail with FLOOD_WAIT_<seconds>. */
  floodWait(method: string, seconds: number, options: { times?: number; skip?: number } = {}): void {
    const queue = [...Array<null>(options.skip ?? 0).fill(null), ...Array<number>(options.times ?? 1).fill(seconds)];
    this.floods.set(method, [...(this.floods.get(method) ?? []), ...queue]);
  }

  /** Ends every authorized session, as "Terminate all other sessions" does. */
  revokeSessions(): void {
    this.authorized.clear();
  }

  /** Clients that are connected and have an update handler, i.e. the account's listening connection. */
  listeners(): FakeClient[] {
    return this.clients.filter((c) => c.connected && c.handlers.length > 0);
  }

  /** Delivers updates to every listening client, as GramJS's `_handleUpdate` splits and dispatches them. */
  async emit(updates: Api.TypeUpdates): Promise<void> {
    for (const client of this.listeners()) await client.dispatch(updates);
  }

  /** An update as recorded from the wire (TL-serialised bytes), decoded by GramJS's own reader. */
  async emitBytes(bytes: Buffer): Promise<void> {
    await this.emit(new BinaryReader(bytes).tgReadObject() as Api.TypeUpdates);
  }

  apiUser(user: FakeUser, options: { self?: boolean } = {}): Api.User {
    return new Api.User({
      id: returnBigInt(user.id),
      accessHash: returnBigInt(user.accessHash),
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      phone: user.phone,
      bot: user.bot,
      deleted: user.deleted,
      self: options.self,
      status: statusOf(user.lastSeen),
    });
  }

  apiGroup(group: FakeGroup): Api.TypeChat {
    if (group.kind === 'chat') return new Api.Chat({ id: returnBigInt(group.id), title: group.title, photo: new Api.ChatPhotoEmpty(), participantsCount: group.memberIds.length, date: 1_700_000_000, version: 1 });
    return new Api.Channel({
      id: returnBigInt(group.id),
      accessHash: returnBigInt(group.accessHash ?? '0'),
      title: group.title,
      photo: new Api.ChatPhotoEmpty(),
      date: 1_700_000_000,
      megagroup: group.kind === 'megagroup',
      broadcast: group.kind === 'broadcast',
      username: group.username,
      participantsCount: group.memberIds.length,
    });
  }

  isAuthorized(session: string): boolean {
    return this.authorized.has(session);
  }

  async handle(client: FakeClient, request: Api.AnyRequest): Promise<unknown> {
    this.calls.push(request.className);
    const flood = this.floods.get(request.className);
    const seconds = flood && flood.length > 0 ? flood.shift() : null;
    if (seconds) {
      throw RPCMessageToError(new Api.RpcError({ errorCode: 420, errorMessage: `FLOOD_WAIT_${seconds}` }), request);
    }
    const self = this.options.self;
    if (request instanceof Api.messages.GetMessages || request instanceof Api.channels.GetMessages) {
      const chatId = request instanceof Api.channels.GetMessages ? this.checkPeer(new Api.InputPeerChannel({ channelId: (request.channel as Api.InputChannel).channelId, accessHash: (request.channel as Api.InputChannel).accessHash }), request) : null;
      const wanted = (request.id as Api.TypeInputMessage[]).map((m) => (m as Api.InputMessageID).id);
      const found = [...this.stored.entries()]
        .filter(([key]) => (chatId ? key.startsWith(`${chatId}:`) : !key.startsWith('-100')))
        .map(([, message]) => message)
        .filter((message) => wanted.includes(message.id));
      return chatId
        ? new Api.messages.ChannelMessages({ pts: 1, count: found.length, messages: found, topics: [], chats: [], users: [] })
        : new Api.messages.Messages({ messages: found, chats: [], users: [] });
    }
    if (request instanceof Api.auth.SendCode) {
      if (request.apiId !== this.options.apiId || request.apiHash !== this.options.apiHash) throw rpc('API_ID_INVALID', request);
      if (request.phoneNumber !== self.phone) throw rpc('PHONE_NUMBER_INVALID', request);
      const phoneCodeHash = randomBytes(9).toString('hex');
      this.codeHashes.add(`${client.sessionString}:${phoneCodeHash}`);
      return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: this.options.code.length }), phoneCodeHash, timeout: 120 });
    }
    if (request instanceof Api.auth.SignIn) {
      // The code belongs to the auth key that asked for it, as on Telegram's side.
      if (!this.codeHashes.has(`${client.sessionString}:${request.phoneCodeHash}`)) throw rpc('PHONE_CODE_EXPIRED', request);
      if (request.phoneCode !== this.options.code) throw rpc('PHONE_CODE_INVALID', request);
      if (this.options.password) return this.passwordNeeded(client, request);
      return this.authorize(client);
    }
    if (request instanceof Api.account.GetPassword) return this.passwordChallenge();
    if (request instanceof Api.auth.CheckPassword) {
      if (!client.passwordPending || !this.checkSrp(request.password)) throw rpc('PASSWORD_HASH_INVALID', request);
      return this.authorize(client);
    }
    if (!this.authorized.has(client.sessionString)) throw rpc('AUTH_KEY_UNREGISTERED', request, 401);

    if (request instanceof Api.auth.LogOut) {
      this.authorized.delete(client.sessionString);
      this.loggedOut.push(client.sessionString);
      return new Api.auth.LoggedOut({});
    }
    if (request instanceof Api.users.GetUsers) return [this.apiUser(self, { self: true })];
    if (request instanceof Api.contacts.Search) {
      // Global search: public groups and channels whose title or username contains the query.
      const q = request.q.toLowerCase();
      const found = this.groups.filter((g) => g.username && (g.title.toLowerCase().includes(q) || g.username.toLowerCase().includes(q))).slice(0, request.limit);
      return new Api.contacts.Found({
        myResults: [],
        results: found.map((g) => new Api.PeerChannel({ channelId: returnBigInt(g.id) })),
        chats: found.map((g) => this.apiGroup(g)),
        users: [],
      });
    }
    if (request instanceof Api.contacts.ResolveUsername) {
      const user = [...this.users.values()].find((u) => u.username?.toLowerCase() === request.username.toLowerCase());
      if (!user) throw rpc('USERNAME_NOT_OCCUPIED', request);
      return new Api.contacts.ResolvedPeer({ peer: new Api.PeerUser({ userId: returnBigInt(user.id) }), users: [this.apiUser(user)], chats: [] });
    }
    if (request instanceof Api.contacts.ImportContacts) {
      const imported: Api.ImportedContact[] = [];
      const users: Api.User[] = [];
      for (const contact of request.contacts) {
        const user = [...this.users.values()].find((u) => u.phone === contact.phone.replace(/\D/g, ''));
        if (!user) continue;
        imported.push(new Api.ImportedContact({ userId: returnBigInt(user.id), clientId: contact.clientId }));
        users.push(this.apiUser(user));
      }
      return new Api.contacts.ImportedContacts({ imported, popularInvites: [], retryContacts: [], users });
    }
    if (request instanceof Api.messages.SendMessage || request instanceof Api.messages.SendMedia) {
      const peerId = this.checkPeer(request.peer as Api.TypeInputPeer, request);
      const id = this.nextMessageId++;
      const date = Math.floor(Date.now() / 1000);
      const media = request instanceof Api.messages.SendMedia ? ((request.media as { url?: string }).url ?? request.media.className) : undefined;
      this.sent.push({ method: request.className as SentRecord['method'], peerId, text: request.message, media, id, at: Date.now() });
      if (!peerId.startsWith('-')) return new Api.UpdateShortSentMessage({ out: true, id, pts: id, ptsCount: 1, date });
      const message = new Api.Message({ out: true, id, peerId: this.peerOf(peerId), fromId: new Api.PeerUser({ userId: returnBigInt(self.id) }), date, message: request.message });
      return new Api.Updates({
        updates: [
          new Api.UpdateMessageID({ id, randomId: request.randomId }),
          peerId.startsWith('-100') ? new Api.UpdateNewChannelMessage({ message, pts: id, ptsCount: 1 }) : new Api.UpdateNewMessage({ message, pts: id, ptsCount: 1 }),
        ],
        users: [],
        chats: [],
        date,
        seq: 0,
      });
    }
    if (request instanceof Api.messages.GetDialogs) {
      const users = [...this.users.values()].filter((u) => u.id !== self.id);
      const joined = this.groups.filter((g) => g.memberIds.includes(self.id));
      const peers = [...joined.map((g) => (g.kind === 'chat' ? `-${g.id}` : `-100${g.id}`)), ...users.map((u) => String(u.id))];
      // A dialog's top message is the newest of its stored history, or a stand-in from a while ago.
      const messages = peers.map(
        (peerId, index) => this.history.get(peerId)?.[0] ?? new Api.Message({ id: 500 + index, peerId: this.peerOf(peerId), date: 1_767_000_000 - index * 60, message: `last in ${peerId}` }),
      );
      return new Api.messages.Dialogs({
        dialogs: peers.map(
          (peerId, index) =>
            new Api.Dialog({ peer: this.peerOf(peerId), topMessage: messages[index]!.id, readInboxMaxId: 0, readOutboxMaxId: 0, unreadCount: index === 0 ? 2 : 0, unreadMentionsCount: 0, unreadReactionsCount: 0, notifySettings: new Api.PeerNotifySettings({}) }),
        ),
        messages,
        chats: this.groups.map((g) => this.apiGroup(g)),
        users: users.map((u) => this.apiUser(u)),
      });
    }
    if (request instanceof Api.messages.GetFullChat) {
      const group = this.groups.find((g) => g.kind === 'chat' && String(g.id) === request.chatId.toString());
      if (!group) throw rpc('CHAT_ID_INVALID', request);
      const members = group.memberIds.map((id) => this.users.get(String(id))!);
      return new Api.messages.ChatFull({
        fullChat: new Api.ChatFull({
          id: returnBigInt(group.id),
          about: '',
          participants: new Api.ChatParticipants({ chatId: returnBigInt(group.id), participants: members.map((u) => new Api.ChatParticipant({ userId: returnBigInt(u.id), inviterId: returnBigInt(self.id), date: 1_700_000_000 })), version: 1 }),
          notifySettings: new Api.PeerNotifySettings({}),
        }),
        chats: [this.apiGroup(group)],
        users: members.map((u) => this.apiUser(u, { self: u.id === self.id })),
      });
    }
    if (request instanceof Api.channels.GetParticipants) {
      const channel = request.channel as Api.InputChannel;
      const group = this.groups.find((g) => g.kind !== 'chat' && String(g.id) === channel.channelId.toString());
      if (!group || group.accessHash !== channel.accessHash.toString()) throw rpc('CHANNEL_INVALID', request);
      if (group.kind === 'broadcast') throw rpc('CHAT_ADMIN_REQUIRED', request);
      const page = group.memberIds.slice(request.offset, request.offset + request.limit).map((id) => this.users.get(String(id))!);
      return new Api.channels.ChannelParticipants({
        count: group.memberIds.length,
        participants: page.map((u) => new Api.ChannelParticipant({ userId: returnBigInt(u.id), date: 1_700_000_000 })),
        chats: [],
        users: page.map((u) => this.apiUser(u, { self: u.id === self.id })),
      });
    }
    if (request instanceof Api.messages.GetHistory) {
      const peerId = this.checkPeer(request.peer as Api.TypeInputPeer, request);
      const history = this.history.get(peerId) ?? [];
      const older = request.offsetId ? history.filter((m) => m.id < request.offsetId) : history;
      const page = older.slice(0, request.limit);
      const users = [...this.users.values()].filter((u) => page.some((m) => 'fromId' in m && m.fromId instanceof Api.PeerUser && m.fromId.userId.toString() === String(u.id)));
      return new Api.messages.Messages({ messages: page, chats: [], users: users.map((u) => this.apiUser(u)) });
    }
    throw rpc('METHOD_NOT_IMPLEMENTED_IN_FAKE', request);
  }

  /** Messages of a peer, newest first, for messages.getHistory. */
  readonly history = new Map<string, Api.TypeMessage[]>();
  /** Messages by `<marked chat id>:<message id>`, for messages.getMessages / channels.getMessages. */
  readonly stored = new Map<string, Api.Message>();
  /**
   * GramJS's sendFile as Telegram sees it: the file's parts arrive (upload.saveFilePart), then messages.sendMedia
   * with an uploaded photo or document. Recorded with the bytes, name and voice flag; answers the sent message.
   */
  sendFile(peer: Api.TypeInputPeer, params: SendFileParams): Api.Message {
    const probe = new Api.messages.SendMedia({ peer, media: new Api.InputMediaEmpty(), message: '', randomId: returnBigInt(0) });
    this.calls.push('sendFile');
    const peerId = this.checkPeer(peer, probe);
    const bytes = params.file.buffer ?? Buffer.alloc(0);
    if (bytes.byteLength !== params.file.size) throw rpc('FILE_PARTS_INVALID', probe);
    const id = this.nextMessageId++;
    const date = Math.floor(Date.now() / 1000);
    this.sent.push({ method: 'sendFile', peerId, text: params.caption ?? '', file: { name: params.file.name, bytes: Buffer.from(bytes), voiceNote: params.voiceNote === true, forceDocument: params.forceDocument === true }, id, at: Date.now() });
    return new Api.Message({ out: true, id, peerId: this.peerOf(peerId), date, message: params.caption ?? '' });
  }

  /** File bytes by photo or document id, for downloadMedia. */
  readonly files = new Map<string, Buffer>();
  /** Every downloadMedia call's message id, in order. */
  readonly downloads: number[] = [];
  private downloadFailures = 0;

  putMessage(chatId: string, message: Api.Message): void {
    this.stored.set(`${chatId}:${message.id}`, message);
  }

  addFile(mediaId: string, bytes: Buffer): void {
    this.files.set(mediaId, bytes);
  }

  failDownloads(times: number): void {
    this.downloadFailures += times;
  }

  download(message: Api.Message): Buffer | undefined {
    this.downloads.push(message.id);
    if (this.downloadFailures > 0) {
      this.downloadFailures--;
      throw new Error('Not connected');
    }
    const media = message.media;
    const id = media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo ? media.photo.id.toString() : media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document ? media.document.id.toString() : null;
    return id ? this.files.get(id) : undefined;
  }

  peerOf(peerId: string): Api.TypePeer {
    if (peerId.startsWith('-100')) return new Api.PeerChannel({ channelId: returnBigInt(peerId.slice(4)) });
    if (peerId.startsWith('-')) return new Api.PeerChat({ chatId: returnBigInt(peerId.slice(1)) });
    return new Api.PeerUser({ userId: returnBigInt(peerId) });
  }

  private checkPeer(peer: Api.TypeInputPeer, request: Api.AnyRequest): string {
    if (peer instanceof Api.InputPeerUser) {
      const user = this.users.get(peer.userId.toString());
      if (!user || user.accessHash !== peer.accessHash.toString()) throw rpc('PEER_ID_INVALID', request);
      return String(user.id);
    }
    if (peer instanceof Api.InputPeerChat) {
      if (!this.groups.some((g) => g.kind === 'chat' && String(g.id) === peer.chatId.toString())) throw rpc('PEER_ID_INVALID', request);
      return `-${peer.chatId.toString()}`;
    }
    if (peer instanceof Api.InputPeerChannel) {
      const group = this.groups.find((g) => g.kind !== 'chat' && String(g.id) === peer.channelId.toString());
      if (!group || group.accessHash !== peer.accessHash.toString()) throw rpc('CHANNEL_INVALID', request);
      return `-100${group.id}`;
    }
    throw rpc('PEER_ID_INVALID', request);
  }

  private authorize(client: FakeClient): Api.auth.Authorization {
    this.authorized.add(client.sessionString);
    client.passwordPending = false;
    return new Api.auth.Authorization({ user: this.apiUser(this.options.self, { self: true }) });
  }

  private passwordNeeded(client: FakeClient, request: Api.AnyRequest): never {
    client.passwordPending = true;
    throw rpc('SESSION_PASSWORD_NEEDED', request, 401);
  }

  /** A fresh SRP challenge: B = k·v + g^b mod p, with v = g^x from the password (the server keeps only v). */
  private async passwordChallenge(): Promise<Api.account.Password> {
    if (!this.options.password) {
      return new Api.account.Password({ hasPassword: false, newAlgo: this.algo, newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(), secureRandom: randomBytes(32) });
    }
    this.verifier ??= toBig(Buffer.from(await computeDigest(this.algo, this.options.password)));
    const b = toBig(randomBytes(256)) % P;
    const k = toBig(sha256(pad256(P), pad256(G)));
    const B = (k * this.verifier + modPow(G, b, P)) % P;
    this.srp = { id: toBig(randomBytes(8)) & ((1n << 62n) - 1n), b, B };
    return new Api.account.Password({
      hasPassword: true,
      currentAlgo: this.algo,
      srp_B: pad256(B),
      srpId: returnBigInt(this.srp.id.toString()),
      hint: this.options.passwordHint,
      newAlgo: this.algo,
      newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
      secureRandom: randomBytes(32),
    });
  }

  /** The server half of SRP: S = (A·v^u)^b mod p, K = H(S), M1 = H(H(p) xor H(g) | H(salt1) | H(salt2) | A | B | K). */
  private checkSrp(proof: Api.TypeInputCheckPasswordSRP): boolean {
    const srp = this.srp;
    this.srp = null;
    if (!srp || !(proof instanceof Api.InputCheckPasswordSRP) || proof.srpId.toString() !== srp.id.toString() || this.verifier === null) return false;
    const A = toBig(proof.A);
    if (A <= 0n || A >= P) return false;
    const u = toBig(sha256(pad256(A), pad256(srp.B)));
    const S = modPow((A * modPow(this.verifier, u, P)) % P, srp.b, P);
    const K = sha256(pad256(S));
    const hp = sha256(pad256(P));
    const hg = sha256(pad256(G));
    const xored = Buffer.from(hp.map((byte, i) => byte ^ hg[i]!));
    const expected = sha256(xored, sha256(this.algo.salt1), sha256(this.algo.salt2), pad256(A), pad256(srp.B), K);
    return expected.equals(Buffer.from(proof.M1));
  }
}

let sessionSequence = 0;

export class FakeClient implements TelegramUserClient {
  connected: boolean | undefined = false;
  destroyed = false;
  passwordPending = false;
  readonly handlers: Array<(update: RawUpdate) => unknown> = [];
  sessionString: string;
  readonly session = { save: () => this.sessionString };

  constructor(
    private readonly world: FakeMtproto,
    readonly options: TelegramClientOptions,
  ) {
    this.sessionString = options.session;
  }

  async connect(): Promise<boolean> {
    if (this.destroyed) throw new Error('client was destroyed');
    // A new auth key: StringSession would hold the DC, its address and the 256-byte key, base64-encoded.
    if (!this.sessionString) this.sessionString = `1BAAOMTQ5LjE1NC4xNjcuNTEAU${randomBytes(48).toString('base64url')}${++sessionSequence}`;
    this.connected = true;
    return true;
  }

  async destroy(): Promise<void> {
    this.connected = false;
    this.destroyed = true;
    this.handlers.length = 0;
  }

  async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    if (!this.connected) throw new Error('Cannot send requests while disconnected. You need to call .connect()');
    return (await this.world.handle(this, request)) as R['__response'];
  }

  async downloadMedia(message: Api.Message): Promise<Buffer | undefined> {
    if (!this.connected) throw new Error('Cannot send requests while disconnected. You need to call .connect()');
    return this.world.download(message);
  }

  async sendFile(peer: Api.TypeInputPeer, params: SendFileParams): Promise<Api.Message> {
    if (!this.connected) throw new Error('Cannot send requests while disconnected. You need to call .connect()');
    return this.world.sendFile(peer, params);
  }

  addEventHandler(callback: (update: RawUpdate) => unknown, _event: Raw): void {
    this.handlers.push(callback);
  }

  /** GramJS's `_handleUpdate`: an Updates envelope is split, each inner update carrying its users and chats. */
  async dispatch(update: Api.TypeUpdates): Promise<void> {
    const deliver = async (item: RawUpdate, entities: Map<string, Api.TypeUser | Api.TypeChat>) => {
      item._entities = entities;
      for (const handler of this.handlers) await handler(item);
    };
    if (update instanceof Api.Updates || update instanceof Api.UpdatesCombined) {
      const entities = new Map<string, Api.TypeUser | Api.TypeChat>();
      for (const entity of [...update.users, ...update.chats]) entities.set(getPeerId(entity), entity);
      for (const inner of update.updates) await deliver(inner, entities);
    } else if (update instanceof Api.UpdateShort) {
      await deliver(update.update, new Map());
    } else {
      await deliver(update, new Map());
    }
  }
}
