#!/usr/bin/env python3
"""A stock python3 ftplib client for the file plugin's tests.

usage: ftp_client.py PORT USER PASSWORD ACTION ARGS...
USER '-' skips the login. Prints one result per line; exits 1 on an FTP error reply,
after printing it.
actions:
  cmds CMD...              send each raw command, print each reply
  list [PATH]              LIST lines
  nlst [PATH]              NLST names
  mlsd [PATH]              "name type size" per entry
  get REMOTE LOCAL [REST]  download (resumed at REST: appended to LOCAL); print sha256 of LOCAL
  active-get REMOTE LOCAL  the same over an active (EPRT/PORT) connection
  put LOCAL REMOTE [REST]  upload (REST: resume at that offset); print the last reply
  appe LOCAL REMOTE        upload with APPE of LOCAL's bytes past the remote size
  hold                     log in, print "logged in", then wait (until killed, at most 60 s)
  killed-upload REMOTE N   start STOR, send N bytes, then SIGKILL this process
  abort REMOTE [TIMES]     start RETR, read a little, ABOR; print the replies (TIMES times
                           on one control connection), then NOOP's
"""
import ftplib
import hashlib
import os
import signal
import sys
import time


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv):
    port, user, password, action, args = int(argv[1]), argv[2], argv[3], argv[4], argv[5:]
    ftp = ftplib.FTP()
    ftp.connect(os.environ.get("FTP_HOST", "127.0.0.1"), port, timeout=30)
    try:
        if user != "-":
            ftp.login(user, password)
        if action == "cmds":
            for cmd in args:
                try:
                    print(ftp.sendcmd(cmd).replace("\r\n", "|").replace("\n", "|"))
                except ftplib.all_errors as e:
                    print(str(e).replace("\r\n", "|").replace("\n", "|"))
        elif action == "list":
            ftp.retrlines("LIST " + args[0] if args else "LIST", print)
        elif action == "nlst":
            for name in ftp.nlst(*args):
                print(name)
        elif action == "mlsd":
            for name, facts in ftp.mlsd(args[0] if args else ""):
                print(name, facts.get("type"), facts.get("size"))
        elif action in ("get", "active-get"):
            if action == "active-get":
                ftp.set_pasv(False)
            rest = int(args[2]) if len(args) > 2 else None
            with open(args[1], "ab" if rest else "wb") as out:
                print(ftp.retrbinary("RETR " + args[0], out.write, rest=rest))
            print(sha256(args[1]))
        elif action == "put":
            rest = int(args[2]) if len(args) > 2 else None
            with open(args[0], "rb") as f:
                if rest:
                    f.seek(rest)
                print(ftp.storbinary("STOR " + args[1], f, rest=rest))
        elif action == "put-until-refused":
            # Like put, but reads the control reply even if the server cut the data
            # connection mid-send (it does when it must refuse the upload).
            ftp.voidcmd("TYPE I")
            conn = ftp.transfercmd("STOR " + args[1])
            try:
                with open(args[0], "rb") as f:
                    while chunk := f.read(65536):
                        conn.sendall(chunk)
            except OSError as e:
                print("data connection:", e)
            conn.close()
            try:
                print(ftp.voidresp())
            except ftplib.all_errors as e:
                print(str(e).replace("\r\n", "|").replace("\n", "|"))
        elif action == "appe":
            ftp.voidcmd("TYPE I")
            size = ftp.size(args[1])
            with open(args[0], "rb") as f:
                f.seek(size)
                print(ftp.storbinary("APPE " + args[1], f))
        elif action == "hold":
            print("logged in", flush=True)
            time.sleep(60)
        elif action == "killed-upload":
            ftp.voidcmd("TYPE I")
            conn = ftp.transfercmd("STOR " + args[0])
            conn.sendall(b"x" * int(args[1]))
            print("sent", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        elif action == "abort":
            ftp.voidcmd("TYPE I")
            for _ in range(int(args[1]) if len(args) > 1 else 1):
                conn = ftp.transfercmd("RETR " + args[0])
                conn.recv(65536)
                print(ftp.abort())
                print(ftp.getresp())
                conn.close()
            print(ftp.voidcmd("NOOP"))
        else:
            raise SystemExit("unknown action " + action)
        ftp.quit()
    except ftplib.all_errors as e:
        print(str(e).replace("\r\n", "|").replace("\n", "|"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
