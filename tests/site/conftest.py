import re

import lxml.html
import pytest
from django.template import Context, Template


def render(source: str, context: dict | None = None) -> str:
    return Template(source).render(Context(context or {}))


def parse(html: str) -> lxml.html.HtmlElement:
    if html.lstrip().lower().startswith(("<!doctype", "<html")):
        return lxml.html.document_fromstring(html)
    return lxml.html.fragment_fromstring(html, create_parent="div")


_COMPOUND = re.compile(
    r"""(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:\.[\w-]+|\#[\w-]+|\[[\w-]+(?:=(?:'[^']*'|"[^"]*"|[^\]]*))?\])*)$"""
)
_PART = re.compile(r"""\.([\w-]+)|\#([\w-]+)|\[([\w-]+)(?:=('[^']*'|"[^"]*"|[^\]]*))?\]""")


def _literal(value: str) -> str:
    return f'"{value}"' if '"' not in value else f"'{value}'"


def _css_to_xpath(selector: str) -> str:
    """Translate the small subset of CSS these tests use (tags, .class, #id,
    [attr], [attr=value], descendant combinators and commas) into XPath."""
    groups = []
    for group in selector.split(","):
        steps = []
        for index, compound in enumerate(group.split()):
            match = _COMPOUND.match(compound)
            if not match:
                raise ValueError(f"unsupported selector: {compound!r}")
            conditions = []
            for cls, id_, attr, value in _PART.findall(match["rest"]):
                if cls:
                    conditions.append(
                        f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"
                    )
                elif id_:
                    conditions.append(f"@id={_literal(id_)}")
                elif value:
                    conditions.append(f"@{attr}={_literal(value.strip(chr(39) + chr(34)))}")
                else:
                    conditions.append(f"@{attr}")
            axis = "descendant-or-self::" if index == 0 else "/descendant::"
            predicate = "".join(f"[{c}]" for c in conditions)
            steps.append(f"{axis}{match['tag'] or '*'}{predicate}")
        groups.append("".join(steps))
    return " | ".join(groups)


def css(element, selector: str) -> list:
    """Elements matching a CSS selector, in document order."""
    return element.xpath(_css_to_xpath(selector))


@pytest.fixture
def render_field():
    """Render `{% govuk_field form.<name> %}` and return it parsed."""

    def _render(form, name: str, options: str = "") -> lxml.html.HtmlElement:
        html = render(
            "{% load govuk %}{% govuk_field field " + options + " %}", {"field": form[name]}
        )
        return parse(html)

    return _render
