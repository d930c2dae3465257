"""SCORM 1.2 packages (``NN-slug.scorm.md`` naming a zip under ``media/``): played in a
sandboxed frame with the ``scorm-again`` runtime; status, score, suspend data and time kept
per learner and course cycle."""
