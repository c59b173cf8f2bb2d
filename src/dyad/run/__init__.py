"""The run layer: reading inputs, coding them in one process or several, writing outputs.

``dyad code`` and ``dyad ingest`` both run through here; the store only receives
``(document, events)`` batches and knows nothing of coding.
"""
