#!/usr/bin/python3
"""A rogue MySQL server for tests: sends a protocol-10 handshake without
the SSL capability (mysql_native_password), then, whatever the client
answers, an AuthSwitchRequest to mysql_clear_password; it writes to LOG
what arrives: "connect", "sslrequest", "response user=U authlen=N" (the
scrambled password), "clear=P" (the password in clear). Never a real server.
With a fourth argument "ssl" the greeting offers TLS (the server still
cannot do it: a client asking for it is logged as "sslrequest" and
dropped), to catch a client that was told to use TLS and logs in anyway.
Usage: fake_mysql.py HOST PORT LOG [ssl]"""
import os
import socket
import struct
import sys
import threading

CLIENT_SSL = 0x800
CAPS = (0x1 | 0x4 | 0x8 | 0x200 | 0x8000 | 0x80000 | 0x100000 | 0x200000)  # no SSL


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        part = c.recv(n - len(buf))
        if not part:
            raise EOFError
        buf += part
    return buf


def read_packet(c):
    head = recv_exact(c, 4)
    n = head[0] | head[1] << 8 | head[2] << 16
    return head[3], recv_exact(c, n)


def packet(seq, body):
    n = len(body)
    return bytes([n & 0xFF, n >> 8 & 0xFF, n >> 16 & 0xFF, seq & 0xFF]) + body


def log(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


OFFER_SSL = len(sys.argv) > 4 and sys.argv[4] == "ssl"


def handshake():
    salt = os.urandom(20).replace(b"\0", b"x")
    caps = CAPS | (CLIENT_SSL if OFFER_SSL else 0)
    return (b"\x0a" + b"5.7.99-rogue\0" + struct.pack("<I", 7) + salt[:8] + b"\0" +
            struct.pack("<H", caps & 0xFFFF) + b"\x21" + struct.pack("<H", 2) +
            struct.pack("<H", caps >> 16) + bytes([21]) + b"\0" * 10 + salt[8:] + b"\0" +
            b"mysql_native_password\0")


def serve(c, path):
    try:
        log(path, "connect")
        c.sendall(packet(0, handshake()))
        seq, body = read_packet(c)
        caps = struct.unpack("<I", body[:4])[0]
        if len(body) == 32 and caps & CLIENT_SSL:
            log(path, "sslrequest")      # we offered no TLS: nothing to do
            return
        user = body[32:body.index(b"\0", 32)]
        rest = body[32 + len(user) + 1:]
        authlen = rest[0] if rest else 0
        log(path, "response user=%s authlen=%d" % (user.decode("utf-8", "replace"), authlen))
        c.sendall(packet(seq + 1, b"\xfemysql_clear_password\0\0"))
        seq, body = read_packet(c)
        log(path, "clear=%s" % body.rstrip(b"\0").decode("utf-8", "replace"))
        err = b"\xff" + struct.pack("<H", 1045) + b"#28000Access denied"
        c.sendall(packet(seq + 1, err))
    except (EOFError, OSError, ValueError):
        pass
    finally:
        c.close()


def main():
    host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(16)
    log(path, "listening")
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, path), daemon=True).start()


main()
