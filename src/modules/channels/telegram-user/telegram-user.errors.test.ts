import { describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { RPCMessageToError } from 'telegram/errors/index.js';
import { ChannelError } from '../channel-adapter.ts';
import { mtprotoError } from './telegram-user.errors.ts';
import { markedId, parseMarkedId } from './telegram-user.peers.ts';

/** An RPC error exactly as GramJS builds it from the wire. */
function wire(errorMessage: string, errorCode: number): unknown {
  return RPCMessageToError(new Api.RpcError({ errorCode, errorMessage }), new Api.messages.SendMessage({ message: 'x' }));
}

function mapped(error: unknown) {
  const result = mtprotoError(error, 'Telegram messages.SendMessage');
  return result instanceof ChannelError ? { code: result.code, retryAfterMs: result.retryAfterMs, reason: result.reason } : { plain: result.message };
}

describe('MTProto errors → sending rules', () => {
  it('FLOOD_WAIT_X and its kin are RATE_LIMITED for X seconds', () => {
    expect(mapped(wire('FLOOD_WAIT_42', 420))).toEqual({ code: 'RATE_LIMITED', retryAfterMs: 42_000, reason: 'FLOOD_WAIT_42' });
    expect(mapped(wire('SLOWMODE_WAIT_30', 420))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 30_000 });
    expect(mapped(wire('FLOOD_PREMIUM_WAIT_5', 420))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 5000 });
    expect(mapped(wire('PEER_FLOOD', 400))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 3_600_000, reason: 'PEER_FLOOD' });
  });

  it('a gone session revokes the account; an unreachable or blocked user fails the message', () => {
    expect(mapped(wire('AUTH_KEY_UNREGISTERED', 401))).toMatchObject({ code: 'AUTH_REVOKED' });
    expect(mapped(wire('SESSION_REVOKED', 401))).toMatchObject({ code: 'AUTH_REVOKED' });
    expect(mapped(wire('USER_IS_BLOCKED', 400))).toMatchObject({ code: 'RECIPIENT_INVALID' });
    expect(mapped(wire('USER_PRIVACY_RESTRICTED', 403))).toMatchObject({ code: 'RECIPIENT_INVALID' });
    expect(mapped(wire('MESSAGE_TOO_LONG', 400))).toMatchObject({ code: 'REJECTED' });
  });

  it('server trouble is TEMPORARY; a dropped connection is unknown, a closed one TEMPORARY', () => {
    expect(mapped(wire('INTERNAL', 500))).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new Error('Cannot send requests while disconnected. You need to call .connect()'))).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new Error('socket hang up'))).toEqual({ plain: 'Telegram messages.SendMessage: socket hang up' });
  });
});

describe('marked peer ids', () => {
  it('round-trip users, basic groups and channels as GramJS spells them', () => {
    expect(markedId('user', 123)).toBe('123');
    expect(markedId('chat', 456)).toBe('-456');
    expect(markedId('channel', 789)).toBe('-100789');
    expect(parseMarkedId('-100789')).toEqual({ kind: 'channel', id: '789' });
    expect(parseMarkedId('-456')).toEqual({ kind: 'chat', id: '456' });
    expect(parseMarkedId('@someone')).toBeNull();
  });
});
