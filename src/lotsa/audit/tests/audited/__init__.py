"""The table of what every service and audited read writes to the audit trail."""
