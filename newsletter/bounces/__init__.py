"""Bounces and complaints that come back by mail: VERP envelope senders, and DSN and ARF reports
read from a mailbox or received over SMTP, fed to the same rules as the ESPs' webhooks."""
