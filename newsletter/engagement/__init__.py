"""What readers did with a send, privacy first: links rewritten to our own signed redirects,
clicks counted in Redis and folded into the database, scanners kept apart, and reports.

Aggregate counts per link by default; a subscriber's own click history only when the operator
allows it (NEWSLETTER_CLICK_HISTORY) and the subscriber consented (ClickHistoryConsent).
"""
