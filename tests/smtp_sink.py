"""A real SMTP server on loopback that keeps what it accepts (aiosmtpd)."""

import socket
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []
        self.subjects = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message["Subject"] or "")))
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient, message))
            self.subjects.append((recipient, subject))
        return "250 OK"

    def to(self, address):
        return [message for recipient, message in self.messages if recipient == address]

    def about(self, words):
        """The recipients of the messages whose subject has ``words``, once per message."""
        return [recipient for recipient, subject in self.subjects[:] if words in subject]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """Start and stop an SMTP server on one port: stopped, the port refuses connections."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self._controller = None

    def start(self):
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
