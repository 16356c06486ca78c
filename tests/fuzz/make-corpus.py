#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets from tests/data.

    tests/fuzz/make-corpus.py            # rewrites tests/fuzz/corpus/

Seeds are small on purpose (a few access units each): the fuzzers spend their
time mutating, not hashing long clips. Only the standard library is used.
"""
import base64
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
OUT = os.path.join(HERE, 'corpus')
UUID = bytes.fromhex('e688d417d24649628d6c4cbd53828bbc')
START = b'\x00\x00\x00\x01'
LIMIT = 200 * 1024  # per target


def load(name):
    with open(os.path.join(DATA, name), 'rb') as f:
        return f.read()


def nal_units(stream):
    """NAL units as (start of start code, payload) pairs, trailing zeros cut."""
    starts = [m.start() for m in re.finditer(b'\x00\x00\x01', stream)]
    out = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(stream)
        payload = stream[s + 3:e].rstrip(b'\x00')
        if payload:
            out.append((s, payload))
    return out


def nal_type(payload):
    return payload[0] & 0x1f


def is_tag_sei(payload):
    return nal_type(payload) == 6 and UUID in payload


def access_units(stream):
    """The clip cut at each AUD (type 9): one signed access unit each."""
    nals = nal_units(stream)
    cuts = [s for s, p in nals if nal_type(p) == 9] + [len(stream)]
    return [stream[a:b] for a, b in zip(cuts, cuts[1:])]


def parameter_sets(stream):
    """The first SPS and PPS of the clip, with start codes."""
    out = b''
    for _, p in nal_units(stream):
        if nal_type(p) in (7, 8):
            out += START + p
        if nal_type(p) == 8:
            break
    return out


def unescape(payload):
    return re.sub(b'\x00\x00\x03', b'\x00\x00', payload)


def escape(rbsp):
    out = bytearray()
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def sei_messages(payload):
    """Raw sei_message() bytes of an SEI NAL unit (no header, no trailing bits)."""
    rbsp = unescape(payload[1:])
    assert rbsp[-1] == 0x80
    return rbsp[:-1]


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def dump(value):
    return json.dumps(value, ensure_ascii=False, indent=1).encode() + b'\n'


def camera(keys, device_id, **fields):
    dev = keys['devices'][device_id]
    record = {
        'id': device_id,
        'name': dev['name'],
        'room': 'Entrance',
        'online': True,
        'protocols': ['RTSP'],
        'videoCodecs': ['H264'],
        'maxVideoResolution': {'width': 1920, 'height': 1080},
        'deviceCertificate': dev['certificate_b64'],
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


def json_seeds(keys):
    """Reply bodies of cloud-api.md (and the token file): valid and edge cases."""
    cams = sorted(keys['devices'])
    # fuzz-camera-list: a page (object) or the pages of one listing (array)
    write('fuzz-camera-list', 'page-doc-example',
          dump({'cameras': [camera(keys, 'cam-frontdoor', name='Front door')],
                'nextPageToken': 'b2Zmc2V0OjE'}))
    write('fuzz-camera-list', 'page-all-demo',
          dump({'cameras': [camera(keys, c) for c in cams]}))
    write('fuzz-camera-list', 'pages-two',
          dump([{'cameras': [camera(keys, cams[0])], 'nextPageToken': 'p2'},
                {'cameras': [camera(keys, cams[1]), camera(keys, cams[0])]}]))
    write('fuzz-camera-list', 'pages-token-loop',
          dump([{'cameras': [], 'nextPageToken': 'again'},
                {'cameras': [camera(keys, cams[2])], 'nextPageToken': 'again'}]))
    write('fuzz-camera-list', 'record-wrong-device',
          dump({'cameras': [camera(keys, 'cam-garage', id='cam-elsewhere'),
                            camera(keys, 'cam-nursery', online=None, protocols=[],
                                   maxVideoResolution={'width': 0, 'height': 16385})]}))
    write('fuzz-camera-list', 'record-minimal',
          dump({'cameras': [{'id': 'a', 'name': 'x', 'online': False,
                             'deviceCertificate': 'AAAA'}, 7, None, 'cam'],
                'nextPageToken': ''}))
    write('fuzz-camera-list', 'record-unicode',
          dump({'cameras': [camera(keys, 'cam-backyard', name='Gartenh\u00e4uschen \u2603',
                                   room='\u0001', protocols=['WebRTC', 'RTSP'],
                                   videoCodecs=['H264', 'H265'])]}))
    write('fuzz-camera-list', 'empty-page', b'{}')

    # fuzz-token: the token endpoint's replies and token files
    write('fuzz-token', 'reply-doc-example',
          dump({'access_token': 'at-0123', 'token_type': 'Bearer', 'expires_in': 3600,
                'refresh_token': 'rt-0123'}))
    write('fuzz-token', 'reply-no-refresh',
          dump({'access_token': 'a', 'token_type': 'bearer', 'expires_in': None}))
    write('fuzz-token', 'reply-bad-type',
          dump({'access_token': 'a b', 'token_type': 'MAC', 'expires_in': 31536001}))
    write('fuzz-token', 'reply-error', dump({'error': 'authorization_pending'}))
    write('fuzz-token', 'file-valid',
          dump({'version': 1, 'access_token': 'at-0123', 'refresh_token': 'rt-0123',
                'expires_at_us': 1800000000000000}))
    write('fuzz-token', 'file-no-refresh',
          dump({'version': 1, 'access_token': '~!', 'expires_at_us': 0}))
    write('fuzz-token', 'file-bad-version',
          dump({'version': 2, 'access_token': 'x', 'expires_at_us': -1}))
    write('fuzz-token', 'file-big-int',
          b'{"version": 1, "access_token": "x", "expires_at_us": 9223372036854775808}\n')

    # fuzz-stream-lease: openStream, extendStream, device authorization
    write('fuzz-stream-lease', 'open-doc-example',
          dump({'rtspUrl': 'rtsp://127.0.0.1:8554/cameras/cam-frontdoor?auth=st-1',
                'streamToken': 'st-1', 'extensionToken': 'et-1',
                'expiresAt': '2026-01-01T12:05:00Z'}))
    write('fuzz-stream-lease', 'open-rtsps-offset',
          dump({'rtspUrl': 'rtsps://[::1]/c?x=1&auth=old&auth=older#f',
                'streamToken': 's', 'extensionToken': 'e',
                'expiresAt': '2026-01-01T12:05:00.123456+02:00'}))
    write('fuzz-stream-lease', 'extend',
          dump({'streamToken': 'st-2', 'extensionToken': 'et-2',
                'expiresAt': '2026-01-01T12:10:00Z'}))
    write('fuzz-stream-lease', 'open-bad-url',
          dump({'rtspUrl': 'http://example.com/', 'streamToken': 's',
                'extensionToken': 'e', 'expiresAt': '2026-01-01'}))
    write('fuzz-stream-lease', 'device-auth-full',
          dump({'device_code': 'dc-1', 'user_code': 'WDJB-MJHT',
                'verification_uri': 'https://example.com/device',
                'verification_uri_complete': 'https://example.com/device?user_code=WDJB-MJHT',
                'expires_in': 1800, 'interval': 5}))
    write('fuzz-stream-lease', 'device-auth-google',
          dump({'device_code': 'dc-2', 'user_code': 'ABC\u00e9',
                'verification_url': 'http://localhost/device', 'expires_in': 86400}))
    write('fuzz-stream-lease', 'device-auth-bad',
          dump({'device_code': 'dc 3', 'user_code': '\n', 'verification_uri': 'ftp://x',
                'expires_in': 0, 'interval': 3601}))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    vectors = json.loads(load('vectors.json'))
    keys = json.loads(load('keys.json'))
    valid = load('valid.h264')
    tamper = load('tamper.h264')
    cross = load('cross-feed.h264')
    relay = load('relay-repeats-params.h264')

    # fuzz-sei-tag: SEI NAL units, bare tags, a merged SEI, a slice, a short stream
    sei = bytes.fromhex(vectors['tag']['sei_nal_hex'])
    write('fuzz-sei-tag', 'vector-sei', sei)
    write('fuzz-sei-tag', 'vector-tag', bytes.fromhex(vectors['tag']['bytes_hex']))
    tags = [p for _, p in nal_units(valid) if is_tag_sei(p)]
    write('fuzz-sei-tag', 'valid-idr-sei', tags[0])
    write('fuzz-sei-tag', 'valid-p-sei', tags[1])
    other_sei = [p for _, p in nal_units(valid) if nal_type(p) == 6 and not is_tag_sei(p)][0]
    # a relay's merged SEI: a short foreign user_data_unregistered first, then the tag
    foreign = bytes([5, 20]) + bytes(range(16)) + b'demo'
    merged = b'\x06' + escape(foreign + sei_messages(tags[0]) + b'\x80')
    write('fuzz-sei-tag', 'merged-sei', merged)
    write('fuzz-sei-tag', 'x264-sei-head', other_sei[:64])
    idr = [p for _, p in nal_units(valid) if nal_type(p) == 5][0]
    write('fuzz-sei-tag', 'idr-slice-head', idr[:32])
    write('fuzz-sei-tag', 'stream-head', access_units(valid)[0][:512])

    # fuzz-device-cert: certificate bytes, base64 and hex text, a root line
    for name, dev in sorted(keys['devices'].items()):
        write('fuzz-device-cert', name, base64.b64decode(dev['certificate_b64']))
    write('fuzz-device-cert', 'cam-frontdoor.b64',
          keys['devices']['cam-frontdoor']['certificate_b64'].encode() + b'\n')
    write('fuzz-device-cert', 'cam-frontdoor.hex', vectors['certificate']['bytes_hex'].encode())
    write('fuzz-device-cert', 'root.pub', keys['root']['public_b64'].encode() + b'\n')

    # fuzz-stream: a few access units each, with the parameter sets they need
    aus = {n: access_units(s) for n, s in
           (('valid', valid), ('tamper', tamper), ('cross', cross), ('relay', relay))}
    ps = parameter_sets(valid)
    write('fuzz-stream', 'valid-0-2', b''.join(aus['valid'][0:3]))
    write('fuzz-stream', 'valid-14-16', ps + b''.join(aus['valid'][14:17]))
    write('fuzz-stream', 'tamper-6-8', ps + b''.join(aus['tamper'][6:9]))
    write('fuzz-stream', 'cross-19-21', ps + b''.join(aus['cross'][19:22]))
    write('fuzz-stream', 'cross-29-31', b''.join(aus['cross'][29:32]))
    write('fuzz-stream', 'relay-0-1', b''.join(aus['relay'][0:2]))
    write('fuzz-stream', 'replay-0-0', aus['valid'][0] + aus['valid'][0])

    json_seeds(keys)

    for target in sorted(os.listdir(OUT)):
        d = os.path.join(OUT, target)
        total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        print(f'{target}: {len(os.listdir(d))} seeds, {total} bytes')
        if total > LIMIT:
            sys.exit(f'{target}: corpus over {LIMIT} bytes')


if __name__ == '__main__':
    main()
