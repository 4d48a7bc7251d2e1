"""Chat platforms. Only this package imports telegram and slack_bolt (tests check it)."""
