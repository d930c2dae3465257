"""Helpers for an activity type's file reader, shared by the quiz and survey formats: the
file's lines with fenced code marked and ``## `` sections (:mod:`.blocks`), checked front-matter
settings (:mod:`.settings`) and stable ids (:mod:`.ids`). Every error carries its line."""
