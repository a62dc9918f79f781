"""The calendar: Today, agenda, week and month views, a case's calendar and limitation deadline, reminders."""
