"""The embedded attendee-facing web server: phones on the laptop's hotspot post feedback here."""
