"""Gold readers and scoring: how well a coder reproduces hand-coded events.

``suites`` scores dyad's coder on PETR2_GSR, PLOVER and ConfliBERT; ``validate`` runs the
PETRARCH validation records with their own dictionaries; ``records`` reads those files.
"""
