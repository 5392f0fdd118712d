"""Every write of pathways, by sub-topic: the enrolment lifecycle (``lifecycle``), the records
on an enrolment (``enrolment_records``), responsibility and hand-over (``responsibility``), a
unit's programme settings (``unit_programmes``), and what they all share (``enrolment_changes``)."""
