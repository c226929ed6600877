"""Designation footnotes (Kosovo*): every country a page names is marked, its note printed once."""


class DesignationFootnotes:
    """The countries with a designation footnote that one rendered page has named, in order."""

    def __init__(self):
        self._by_code = {}

    def cite(self, country):
        """Remember the country's footnote; return the id its asterisk links to, or None."""
        if country is None or not country.designation_footnote:
            return None
        self._by_code.setdefault(country.code, country)
        return self.anchor(country)

    @staticmethod
    def anchor(country):
        return f"designation-{country.code.lower()}"

    def __iter__(self):
        return ((self.anchor(country), country) for country in self._by_code.values())

    def __bool__(self):
        return bool(self._by_code)
