"""The day by email: the newest day's papers (or a [[feed]]'s new ones) as one letter, sent over SMTP.

letter.py picks and ranks the papers (a typed `Letter`), message.py renders it as a
multipart MIME message, settings.py reads SMTP settings from the environment, send.py
sends, record.py remembers what was sent so a day is never sent twice, run.py ties them.
"""
