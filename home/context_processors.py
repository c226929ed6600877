from home.footnotes import DesignationFootnotes


def designation_footnotes(request):
    """Give each rendered page its own collector of designation footnotes."""
    return {"designation_footnotes": DesignationFootnotes()}
