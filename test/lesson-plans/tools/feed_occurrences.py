"""Expands an iCalendar feed on stdin with python's icalendar + recurring_ical_events (built on
python-dateutil), an implementation independent of the one that writes the feed. Prints one
JSON list of {uid, start, end} in UTC."""
import datetime
import json
import sys

import icalendar
import recurring_ical_events

calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
events = recurring_ical_events.of(calendar).between(
    datetime.datetime(2026, 8, 1, tzinfo=datetime.timezone.utc),
    datetime.datetime(2028, 9, 1, tzinfo=datetime.timezone.utc),
)
utc = datetime.timezone.utc
out = [
    {
        "uid": str(event["UID"]),
        "start": event["DTSTART"].dt.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "end": event["DTEND"].dt.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }
    for event in events
]
json.dump(sorted(out, key=lambda o: o["start"]), sys.stdout)
