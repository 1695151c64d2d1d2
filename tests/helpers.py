"""Small helpers shared by the tests: accounts, a document to point records at, counts."""

import lxml.html
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client

from scrutineer.governance.models import Body, Document, Visibility


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"governance"}
    }


def parties(item, role):
    return [p.label for p in item.parties.filter(role=role).order_by("pk")]


def user_in(django_user_model, name, *groups, bodies=(), reads=None):
    """A user in the named role groups, an officer of ``bodies`` and a reader of ``reads``
    (by default, a member reads every body there is yet); password "pw"."""
    user = django_user_model.objects.create_user(name, password="pw", first_name=name.title())
    # get_or_create: a transactional test's flush empties the groups the migrations made
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in groups))
    for body in bodies:
        body.officers.add(user)
    if reads is None:
        reads = Body.objects.all() if "member" in groups else ()
    for body in reads:
        body.readers.add(user)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_document(sha, *, title=None, visibility=Visibility.PUBLIC, lines=40):
    """A document whose every line reads "Source line N <b>as printed</b>"."""
    text = "\n".join(f"Source line {n} <b>as printed</b>" for n in range(1, lines + 1))
    return Document.objects.create(
        name=f"{sha}.txt",
        title=title or f"Pack {sha}",
        kind=Document.Kind.AGENDA_PACK,
        sha256=sha * 64,
        text=text,
        size_bytes=len(text),
        line_count=lines,
        visibility=visibility,
    )


def page(response) -> lxml.html.HtmlElement:
    """A page's parsed HTML, for assertions on structure rather than on exact markup."""
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content)


def texts(tree, xpath: str) -> list[str]:
    """The whitespace-normalised text of each element the XPath finds."""
    return [" ".join(element.text_content().split()) for element in tree.xpath(xpath)]


def table(tree, caption: str) -> list[list[str]]:
    """The rows of the table whose caption starts with ``caption``: each row's header and
    data cells, as text."""
    [found] = tree.xpath(f'//table[caption[starts-with(normalize-space(), "{caption}")]]')
    return [texts(row, "./th|./td") for row in found.xpath(".//tr")]
