"""Verifiable certificates of completed courses, and the SIASN "kursus" export."""
