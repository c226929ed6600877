"""Photograph the main pages of a running site in four languages, on a desktop and a phone, to look at.

    python scripts/screenshots.py http://127.0.0.1:8000 var/screenshots

Takes the home page, a listing, an article, a campaign and the subscribe page in English, Serbian
(Latin), Macedonian and Arabic (the translations found through each English page's hreflang links),
whole pages and what shows before scrolling, at 1280 and 390 pixels wide, with Debian's Chromium.
Prints the console errors and warnings each page logged.
"""

import argparse
import re
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/en/",
    "listing": "/en/news/",
    "article": "/en/news/joint-action-for-promoting-civic-space/",
    "campaign": "/en/campaigns/better-local-democracy/",
    "subscribe": "/en/newsletter/subscribe/",
}
LANGUAGES = ("en", "sr-latn", "mk", "ar")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Scroll through the page so that pictures loaded lazily are in the photograph.
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
}"""


def translated_url(base_url, path, language):
    if language == "en":
        return base_url + path
    html = urllib.request.urlopen(base_url + path, timeout=30).read().decode()  # noqa: S310 (given by the user)
    if match := re.search(rf'<link rel="alternate" hreflang="{language}" href="([^"]+)"', html):
        # The site's own address may differ from the one it is reached at: keep the path.
        return base_url + urlsplit(match[1]).path
    return base_url + f"/{language}/" + path.removeprefix("/en/")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("output", type=Path)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    base_url = args.base_url.rstrip("/")
    urls = {
        (name, language): translated_url(base_url, path, language)
        for name, path in PAGES.items()
        for language in LANGUAGES
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            messages = []

            def keep(message, messages=messages):
                if message.type in ("error", "warning"):
                    messages.append(message)

            page.on("console", keep)
            for (name, language), url in urls.items():
                messages.clear()
                page.goto(url, wait_until="networkidle")
                page.evaluate(SCROLL_THROUGH)
                page.wait_for_load_state("networkidle")
                stem = args.output / f"{name}-{language}-{viewport_name}"
                page.screenshot(path=f"{stem}.png", full_page=True)
                page.screenshot(path=f"{stem}-first-screen.png")
                for message in messages:
                    sys.stdout.write(f"{name} {language} {viewport_name}: {message.type}: {message.text}\n")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
