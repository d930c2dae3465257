"""Feedback surveys (``NN-slug.survey.md``): scale, choice or free-text questions; not graded."""
