"""Email backends that stop the worker part-way, as a kill or a power cut would: the
real SMTP backend, with a fault injected around one message."""

from django.core.mail.backends.smtp import EmailBackend


class WorkerKilled(BaseException):
    """Not an Exception: nothing in the sender may catch it, as nothing catches SIGKILL."""


class KilledAfterDelivery(EmailBackend):
    """Delivers each message; after delivering message number `kill_after`, the worker
    dies before it can record that the message went."""

    kill_after = 2
    delivered = 0

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        type(self).delivered += sent
        if type(self).delivered == type(self).kill_after:
            raise WorkerKilled(f"killed after delivering message {self.delivered}")
        return sent


class KilledBeforeDelivery(EmailBackend):
    """Delivers messages until number `kill_at`, which the worker has begun to hand over
    (the claim says so) when it dies, before the mail server has it."""

    kill_at = 2
    attempted = 0

    def send_messages(self, email_messages):
        type(self).attempted += 1
        if type(self).attempted == type(self).kill_at:
            raise WorkerKilled(f"killed before delivering message {self.attempted}")
        return super().send_messages(email_messages)


class KilledWhileConnecting(EmailBackend):
    """Dies while opening connection number `kill_at` to the mail server: that message was
    never handed over."""

    kill_at = 2
    opened = 0

    def open(self):
        if self.connection is not None:
            return False  # already open (send_messages asks again)
        type(self).opened += 1
        if type(self).opened == type(self).kill_at:
            raise WorkerKilled(f"killed while connecting for message {self.opened}")
        return super().open()
