"""Read rendered pages as a reader's browser and assistive technology would."""

from bs4 import BeautifulSoup


def parse(response, status=200):
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())
