#!/usr/bin/python3
"""Forwards TCP connections from LISTEN_HOST:LISTEN_PORT to 127.0.0.1:PORT,
inside a test's network namespace, so a real throwaway server on
127.0.0.1 also answers as a "remote" 203.0.113.10. Writes "listening" to
READY once bound. Usage: forward.py LISTEN_HOST LISTEN_PORT PORT READY"""
import socket
import sys
import threading


def pipe(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    finally:
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    host, lport, port, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, lport))
    s.listen(16)
    with open(ready, "w") as f:
        f.write("listening\n")
    while True:
        c, _ = s.accept()
        u = socket.create_connection(("127.0.0.1", port))
        threading.Thread(target=pipe, args=(c, u), daemon=True).start()
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()


main()
