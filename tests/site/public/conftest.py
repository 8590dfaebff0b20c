import lxml.html
import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def page_text(response) -> str:
    """The text of the page's <main>, whitespace collapsed, entities decoded."""
    tree = lxml.html.document_fromstring(response.content.decode())
    (main,) = tree.xpath("//main")
    return " ".join(main.text_content().split())
