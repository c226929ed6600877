"""Real mailbox servers for the bounce tests: POP3 (RFC 1939) and IMAP4rev1 (RFC 3501), each the
small part of its protocol that a mail client reading a mailbox uses, over real sockets."""

import re
import socketserver
import threading
import uuid
from urllib.parse import quote


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class MailboxServer:
    """A mailbox on 127.0.0.1 holding messages (bytes) that a test drops in; `logins` counts sessions."""

    user = "bounces"
    password = "secret:pass@word"  # noqa: S105 - a test server's

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = {}  # unique id → [bytes, flags]
        self.logins = 0
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self.host, self.port = self._server.server_address

    def drop(self, raw):
        """Deliver a message to the mailbox; return its unique id."""
        uid = uuid.uuid4().hex
        with self.lock:
            self.messages[uid] = [raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), set()]
        return uid

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()


class Pop3Server(MailboxServer):
    scheme = "pop3"

    def url(self, password=None):
        return f"pop3://{self.user}:{quote(password or self.password, safe='')}@{self.host}:{self.port}"

    def _handler(self):
        mailbox = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("+OK POP3 test server ready")
                user = None
                authenticated = False
                snapshot = []
                deleted = set()
                while line := self.rfile.readline():
                    command, _, argument = line.decode().strip().partition(" ")
                    command = command.upper()
                    if command == "QUIT":
                        if authenticated:
                            with mailbox.lock:
                                for uid in deleted:
                                    mailbox.messages.pop(uid, None)
                        self.reply("+OK bye")
                        return
                    if command == "CAPA":
                        self.wfile.write(b"+OK\r\nUSER\r\nUIDL\r\n.\r\n")
                    elif command == "USER":
                        user = argument
                        self.reply("+OK")
                    elif command == "PASS":
                        if user == mailbox.user and argument == mailbox.password:
                            authenticated = True
                            with mailbox.lock:
                                mailbox.logins += 1
                                snapshot = list(mailbox.messages.items())
                            self.reply("+OK logged in")
                        else:
                            self.reply("-ERR authentication failed")
                    elif not authenticated:
                        self.reply("-ERR log in first")
                    elif command == "STAT":
                        live = [item for item in snapshot if item[0] not in deleted]
                        self.reply(f"+OK {len(live)} {sum(len(raw) for _uid, (raw, _f) in live)}")
                    elif command == "UIDL":
                        self.wfile.write(b"+OK\r\n")
                        for number, (uid, _message) in enumerate(snapshot, 1):
                            if uid not in deleted:
                                self.reply(f"{number} {uid}")
                        self.wfile.write(b".\r\n")
                    elif command == "LIST":
                        self.wfile.write(b"+OK\r\n")
                        for number, (uid, (raw, _flags)) in enumerate(snapshot, 1):
                            if uid not in deleted:
                                self.reply(f"{number} {len(raw)}")
                        self.wfile.write(b".\r\n")
                    elif command in {"RETR", "DELE"}:
                        number = int(argument) if argument.isdigit() else 0
                        if not 1 <= number <= len(snapshot) or snapshot[number - 1][0] in deleted:
                            self.reply("-ERR no such message")
                            continue
                        uid, (raw, _flags) = snapshot[number - 1]
                        if command == "DELE":
                            deleted.add(uid)
                            self.reply("+OK deleted")
                            continue
                        self.wfile.write(f"+OK {len(raw)} octets\r\n".encode())
                        for body_line in raw.split(b"\r\n"):
                            self.wfile.write(
                                (b"." if body_line.startswith(b".") else b"") + body_line + b"\r\n"
                            )
                        self.wfile.write(b".\r\n")
                    elif command == "NOOP":
                        self.reply("+OK")
                    elif command == "RSET":
                        deleted.clear()
                        self.reply("+OK")
                    else:
                        self.reply("-ERR unknown command")

        return Handler


class ImapServer(MailboxServer):
    """IMAP with one folder, INBOX: LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH, UID STORE, EXPUNGE."""

    scheme = "imap"

    def url(self, password=None):
        return f"imap://{self.user}:{quote(password or self.password, safe='')}@{self.host}:{self.port}/INBOX"

    def seen(self):
        with self.lock:
            return {uid for uid, (_raw, flags) in self.messages.items() if "\\Seen" in flags}

    def _handler(self):
        mailbox = self
        numbers = {}  # unique id → IMAP UID (a number)

        def imap_uid(uid):
            return numbers.setdefault(uid, len(numbers) + 1)

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("* OK [CAPABILITY IMAP4rev1] test server ready")
                authenticated = False
                while line := self.rfile.readline():
                    tag, _, rest = line.decode().strip().partition(" ")
                    command, _, argument = rest.partition(" ")
                    command = command.upper()
                    if command == "UID":
                        command, _, argument = argument.partition(" ")
                        command = "UID " + command.upper()
                    if command == "CAPABILITY":
                        self.reply("* CAPABILITY IMAP4rev1")
                        self.reply(f"{tag} OK done")
                    elif command == "LOGOUT":
                        self.reply("* BYE")
                        self.reply(f"{tag} OK bye")
                        return
                    elif command == "LOGIN":
                        user, password = _imap_strings(argument)
                        if user == mailbox.user and password == mailbox.password:
                            authenticated = True
                            with mailbox.lock:
                                mailbox.logins += 1
                            self.reply(f"{tag} OK logged in")
                        else:
                            self.reply(f"{tag} NO [AUTHENTICATIONFAILED] wrong password")
                    elif not authenticated:
                        self.reply(f"{tag} BAD log in first")
                    elif command == "SELECT":
                        with mailbox.lock:
                            count = len(mailbox.messages)
                        self.reply(f"* {count} EXISTS")
                        self.reply("* FLAGS (\\Seen \\Deleted)")
                        self.reply(f"{tag} OK [READ-WRITE] selected")
                    elif command == "UID SEARCH":
                        with mailbox.lock:
                            found = [
                                str(imap_uid(uid))
                                for uid, (_raw, flags) in mailbox.messages.items()
                                if "\\Seen" not in flags and argument.upper() == "UNSEEN"
                            ]
                        self.reply("* SEARCH" + "".join(f" {uid}" for uid in found))
                        self.reply(f"{tag} OK done")
                    elif command == "UID FETCH":
                        wanted, _, _items = argument.partition(" ")
                        with mailbox.lock:
                            messages = [
                                (uid, raw) for uid, (raw, _flags) in mailbox.messages.items()
                                if str(imap_uid(uid)) in wanted.split(",")
                            ]  # fmt: skip
                        for sequence, (uid, raw) in enumerate(messages, 1):
                            self.wfile.write(
                                f"* {sequence} FETCH (UID {imap_uid(uid)} BODY[] {{{len(raw)}}}\r\n".encode()
                                + raw
                                + b")\r\n"
                            )
                        self.reply(f"{tag} OK done")
                    elif command == "UID STORE":
                        wanted, _, change = argument.partition(" ")
                        flags = set(re.findall(r"\\\w+", change))
                        with mailbox.lock:
                            for uid, message in mailbox.messages.items():
                                if str(imap_uid(uid)) in wanted.split(","):
                                    message[1] |= flags
                        self.reply(f"{tag} OK stored")
                    elif command == "EXPUNGE":
                        with mailbox.lock:
                            for uid in [u for u, (_r, f) in mailbox.messages.items() if "\\Deleted" in f]:
                                del mailbox.messages[uid]
                        self.reply(f"{tag} OK expunged")
                    else:
                        self.reply(f"{tag} BAD unknown command")

        return Handler


def _imap_strings(argument):
    """The two strings of `LOGIN user password`, quoted or atoms."""
    return [
        quoted.replace('\\"', '"').replace("\\\\", "\\") if quoted else atom
        for quoted, atom in re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', argument)
    ]
