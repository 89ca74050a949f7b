#!/usr/bin/python3
"""A rogue PostgreSQL server for tests: answers SSLRequest and GSSENCRequest
with 'N' (no TLS), then asks for the password in clear text
(AuthenticationCleartextPassword) and writes to LOG whatever arrives:
"connect", "startup user=U", "password=P". Never a real server.
Usage: fake_pg.py HOST PORT LOG"""
import socket
import struct
import sys
import threading


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        part = c.recv(n - len(buf))
        if not part:
            raise EOFError
        buf += part
    return buf


def log(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


def serve(c, path):
    try:
        log(path, "connect")
        while True:
            n, code = struct.unpack("!II", recv_exact(c, 8))
            body = recv_exact(c, n - 8)
            if code in (80877103, 80877104):       # SSLRequest, GSSENCRequest
                log(path, "sslrequest" if code == 80877103 else "gssrequest")
                c.sendall(b"N")
                continue
            break
        fields = body.split(b"\0")
        kv = dict(zip(fields[0::2], fields[1::2]))
        log(path, "startup user=%s" % kv.get(b"user", b"").decode("utf-8", "replace"))
        c.sendall(b"R" + struct.pack("!II", 8, 3))  # AuthenticationCleartextPassword
        kind = recv_exact(c, 1)
        (n,) = struct.unpack("!I", recv_exact(c, 4))
        data = recv_exact(c, n - 4)
        if kind == b"p":
            log(path, "password=%s" % data.rstrip(b"\0").decode("utf-8", "replace"))
        msg = b"SFATAL\0C28P01\0Mpassword authentication failed\0\0"
        c.sendall(b"E" + struct.pack("!I", len(msg) + 4) + msg)
    except (EOFError, OSError):
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
