"""Quizzes: questions in Markdown (``.quiz.md``) or Moodle GIFT (``.gift``), graded on the server.

Modules, by noun: ``questions`` (the model), ``kinds`` (grading and browser views, by kind),
``markdown_format`` / ``gift`` (the two file formats), ``settings`` (front matter),
``definition`` (a whole quiz). The plugin's hooks live in ``plugin``.
"""
