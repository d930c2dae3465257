"""Quizzes: questions in Markdown (``.quiz.md``) or Moodle GIFT (``.gift``), graded on the server.

Modules, by noun: ``questions`` (the model), ``kinds`` (grading and browser views, by kind),
``markdown_format`` / ``gift`` (the two file formats), ``settings`` (front matter),
``definition`` (a whole quiz). Attempts: ``models`` (``quiz_attempt``, Alembic branch ``quiz``
in ``migrations/``), ``attempts`` (the service: start, save, submit, results), ``snapshot``
(drawing, what the learner may see, answer checking), ``grading``; pages in ``views`` and
``templates/quiz/``, the JSON API in ``api`` / ``api_schemas``. The plugin's hooks live in
``plugin``.
"""
