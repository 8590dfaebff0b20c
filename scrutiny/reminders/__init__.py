"""Who must update what by when: reminders to recommendation owners before a monitoring
report's papers deadline, and escalations to the committee's scrutiny officer."""
