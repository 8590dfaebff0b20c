import pytest
from django.core import mail


def test_email_sent_with_django_arrives_at_the_smtp_server(smtp_server):
    sent = mail.send_mail(
        subject="Recommendation R-12 is due for a response",
        message="The executive's response to recommendation R-12 is due on 6 March 2026.",
        from_email="scrutiny@council.example",
        recipient_list=["officer@council.example"],
    )

    assert sent == 1
    [received] = smtp_server.wait_for(1)
    assert received.mail_from == "scrutiny@council.example"
    assert received.recipients == ["officer@council.example"]
    assert received.subject == "Recommendation R-12 is due for a response"
    assert received.message["To"] == "officer@council.example"
    assert received.body.strip() == (
        "The executive's response to recommendation R-12 is due on 6 March 2026."
    )
    # Nothing went to the in-memory outbox the test settings use by default.
    assert not getattr(mail, "outbox", [])


def test_wait_for_reports_what_arrived_when_too_few_messages_come(smtp_server):
    mail.send_mail("Only one", "Body", "scrutiny@council.example", ["a@council.example"])
    with pytest.raises(AssertionError, match=r"expected 2 message\(s\).*'Only one'"):
        smtp_server.wait_for(2, timeout=0.5)
